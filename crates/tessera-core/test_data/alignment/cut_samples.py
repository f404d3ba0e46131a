import re, os
from segment_sentences import zh_sents, en_sents
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = HERE
SAMPLES = os.path.join(HERE, '..', '..', '..', '..', 'samples')
os.makedirs(OUT, exist_ok=True)
def load(stem):
    paras=[l.strip() for l in open(os.path.join(SAMPLES, stem+'.txt')) if l.strip()]
    return paras
def write(stem, zh_paras, en_paras, beads):
    """zh_paras/en_paras: list of list of sentences; beads: list of (zh idx list, en idx list)."""
    zflat=[s for p in zh_paras for s in p]; eflat=[s for p in en_paras for s in p]
    used_z=set(); used_e=set()
    with open(f'{OUT}/{stem}.gold.tsv','w') as f:
        for zi, ei in beads:
            assert zi and ei
            assert not (set(zi)&used_z) and not (set(ei)&used_e), (zi,ei)
            used_z|=set(zi); used_e|=set(ei)
            z=''.join(zflat[i] for i in zi); e=' '.join(eflat[i] for i in ei)
            assert '\t' not in z+e
            f.write(f'{z}\t{e}\n')
    with open(f'{OUT}/{stem}.sentences.tsv','w') as f:
        for lang, paras in (('zh',zh_paras),('en',en_paras)):
            for pi,p in enumerate(paras):
                for s in p: f.write(f'{lang}\t{pi}\t{s}\n')
    print(stem, len(zflat), len(eflat), len(beads), 'unaligned zh', sorted(set(range(len(zflat)))-used_z), 'en', sorted(set(range(len(eflat)))-used_e))

# 000: body is the headline, paragraphs 5-7 (zh) and 8-11 (en); the rest is page furniture.
p=load('000_a6fa0aa4d8e2f0f3')
zh=[[p[1]]]+[zh_sents(x) for x in p[5:8]]
en=[[p[8]]]+[en_sents(x) for x in p[9:12]]
write('000_a6fa0aa4d8e2f0f3', zh, en, [([0],[0]),([1],[1]),([2],[2]),([3],[3]),([4],[4]),([5],[5])])

# 001: byline 賀煜 and the last four zh paragraphs have no English.
p=load('001_cc20114ba520b0ba')
zh=[zh_sents(x) for x in p[0:11]]
en=[en_sents(x) for x in p[11:17]]
for i,s in enumerate(s for q in zh for s in q): print('Z',i,s[:30])
for i,s in enumerate(s for q in en for s in q): print('E',i,s[:60])
write('001_cc20114ba520b0ba', zh, en, [([1],[0]),([2],[1]),([3],[2]),([4],[3]),([5],[4]),([6],[5]),([7],[6]),([8],[7]),([9],[8]),([10],[9]),([11],[10,11]),([12],[12]),([13],[13])])

# 002: five 1-1 paragraphs.
p=load('002_12b8442f5b1b4126')
zh=[zh_sents(x) for x in p[0:5]]
en=[en_sents(x) for x in p[5:10]]
write('002_12b8442f5b1b4126', zh, en, [([i],[i]) for i in range(5)])

# 003: a magazine page with zh and en interleaved; cut by hand.
s=open(os.path.join(SAMPLES, '003_acf944a331a36742.txt')).read()
def cut(a, b):
    i=s.index(a); j=s.index(b, i)+len(b); return s[i:j]
H_ZH='讲好重庆故事 提升城市形象美誉度'
H_EN='Telling Good Stories of Chongqing to Improve City Image'
z0=cut('以大外事视角','重庆篇章。'); z1=cut('以学习宣传贯彻党的二十大精神为重点','良好形象。')
z2='全力做好党的二十大精神对内对外宣传工作'
z3=cut('聚焦“奋发有为','精神热潮。'); z4=cut('高校组、职业组','入围决赛。')
z5='自身传播力影响力持续增强'
z6=cut('策划推出反映全市','媒体平台转发。'); z7=cut('原创精品外宣栏目','广泛好评。'); z8=cut('重庆外事微信公众号','同胞关切。')
z9='联动央媒市媒矩阵式传播 倾力呈现外事工作台前幕后'
z10=cut('围绕中央、全市','聚焦报道。'); z11=cut('与重庆日报协同策划','报道转型。')
e01=en_sents(cut('Chongqing promotes its image','foreign affairs work.'))
e2='Fully Carrying out Domestic and International Promotion of Guidelines of the 20th CPC National Congress'
e3=cut('With three themes of','to a new peak.')
e4='Continuing to Enhance Chongqings International Communication Ability and Influence'
e511=en_sents(cut('Brave but Absent Heroes','Macao SAR in Chongqing.'))
e12='Coordinating Central and Municipal Media Resources to Deliver Full Coverage of Foreign Affairs Work'
e1314=en_sents(cut('Focusing on the central tasks of the central','reporting was facilitated.'))
e1518=en_sents(cut('We worked with Chongqing International','published more than 2'))
zh=[[H_ZH],['王雯'],[z0,z1],[z2],[z3,z4],[z5],[z6,z7,z8],[z9],[z10,z11]]
en=[[H_EN],e01,[e2],[e3],[e4],e511,[e12],e1314,e1518]
for i,x in enumerate(x for q in zh for x in q): print('Z',i,x[:30])
for i,x in enumerate(x for q in en for x in q): print('E',i,x[:70])
write('003_acf944a331a36742', zh, en, [([0],[0]),([2],[1]),([3],[2]),([4],[3]),([5],[4]),([7],[5]),([8],[6,7]),([9],[8,9,10]),([10],[11,12]),([11],[13]),([12],[14]),([13],[15])])
