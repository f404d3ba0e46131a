#!/usr/bin/env python3
"""Builds translated_004.{sentences,gold}.tsv: sample 004 (Chinese only) with an English version
written for this test by the Tessera alignment author. The English is deliberately loose: it skips
captions and several sentences, merges two Chinese sentences (2-1), splits one (1-2), and moves one
paragraph (国际传播有力提升… comes after 张瓊介紹… in English)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..'))
from segment_sentences import zh_sents

paras = [l.strip() for l in open(os.path.join(HERE, '..', '..', '..', '..', '..', 'samples', '004_d5901761ccbce47b.txt')) if l.strip()]
zh = [[paras[5]]] + [zh_sents(p) for p in paras[7:23]]
Z = {}
for pi, p in enumerate(zh):
    for si, s in enumerate(p):
        Z[(pi, si)] = s
flat = [k for k in sorted(Z)]
index = {k: n for n, k in enumerate(flat)}
# zh paragraph numbers: 0 headline, 1=P7, 2=P8 captions, 3=P9, 4=P10, 5=P11 caption, 6=P12, 7=P13,
# 8=P14, 9=P15, 10=P16, 11=P17, 12=P18, 13=P19, 14=P20, 15=P21, 16=P22
en = [
    [("Chongqing builds a more effective international communication system for the city", [(0, 0)])],
    [("The 2024 China New Media Conference opened in Changsha on October 15.", [(1, 0)]),
     ("At an international communication forum held that afternoon, Zhang Qiong, deputy head of the Publicity Department of the CPC Chongqing Municipal Committee, gave a keynote speech sharing Chongqing's attempts and explorations in international communication.", [(1, 1)])],
    [("Zhang said that Chongqing has focused on top-level design to advance international communication.", [(3, 0)]),
     ("The municipal Party committee issued a five-year plan for building Chongqing's international communication capacity and set up a \"trinity\" working system covering seven areas, including basic concepts, goals, duties, brand projects, talent, platforms and communication capacity.", [(3, 1)])],
    [("In August 2018, Chongqing set up the country's first provincial-level international communication center, which was upgraded to the Western China International Communication Center in August 2023.", [(4, 0), (4, 1)]),
     ("Its industrial park officially opened in February 2024.", [(4, 2)])],
    [("\"Our experience in Chongqing is that only by promoting diverse convergence and multi-form progress can we build a more effective international communication system,\" Zhang said.", [(7, 0), (7, 1)])],
    [("Zhang said Chongqing has explored ways to pool strength in platforms, discourse, technology, talent, events and diverse forces.", [(8, 0)])],
    [("International communication has raised Chongqing's global influence and profile.", [(6, 0)]),
     ("In the 2023 overseas online communication index of Chinese cities, Chongqing ranked first in western China and fifth nationwide, staying in the top 10 for five consecutive years.", [(6, 1)])],
    [("To help Chinese stories reach the world, Chongqing has built its own online platforms, including the iChongqing English website, which promotes culture and tourism.", [(9, 0)]),
     ("It also runs the Bridging News financial app and the Chongqing International News Center media service platform.", [(9, 0)]),
     ("The overseas platforms of the Western China International Communication Center now have more than 18 million users and over 438 million interactions.", [(9, 1)])],
    [("Hit products such as Mountain City, Bridge Capital of China have been played more than 1 billion times worldwide and won China Journalism Awards for international communication two years in a row.", [(10, 0)]),
     ("This year the country's first converged-media international communication program, Let's Meet, was launched.", [(10, 1)])],
    [("The iChongqing English website became a certified news source of Google News, the third provincial-level English-language media in China to do so after Shanghai and Guangdong.", [(11, 0)])],
    [("In May, the first overseas promotion event of the Opportunities in China, Brand Chongqing campaign was held in Rome, and more will follow in Peru and Brazil.", [(13, 1)]),
     ("More than 200 journalists from 50 countries and regions visited Chongqing this year for a Belt and Road journalists' forum of the All-China Journalists Association.", [(13, 2)])],
    [("The Western China International Communication Center park, the first international communication industrial park in the country, opened in February.", [(15, 0)]),
     ("23 institutions have moved in so far.", [(15, 1)])],
    [("Other speakers included Wei Jianhua of Xinhua News Agency, Li Wensha of China Daily, Li Peng of Sichuan Daily Group, Xu Rong of Hunan Broadcasting System, Wang Tingyao of Yunnan Daily Group, John Ross of the Chongyang Institute for Financial Studies, and Opoku James White of Ghana's Golden Mango satellite channel.", [(16, 1)])],
]
with open(os.path.join(HERE, 'translated_004.sentences.tsv'), 'w') as f:
    for pi, p in enumerate(zh):
        for s in p:
            f.write(f'zh\t{pi}\t{s}\n')
    for pi, p in enumerate(en):
        for s, _ in p:
            f.write(f'en\t{pi}\t{s}\n')
# Gold: group English sentences that translate the same Chinese sentences.
beads = []
for p in en:
    for s, keys in p:
        if beads and beads[-1][0] == keys:
            beads[-1][1].append(s)
        else:
            beads.append((keys, [s]))
with open(os.path.join(HERE, 'translated_004.gold.tsv'), 'w') as f:
    for keys, sentences in beads:
        f.write(''.join(Z[k] for k in keys) + '\t' + ' '.join(sentences) + '\n')
print(len(flat), 'zh sentences', sum(len(p) for p in en), 'en sentences', len(beads), 'beads')
