import re, sys
ABBR = {'mr','mrs','ms','dr','st','no','jan','feb','mar','apr','jun','jul','aug','sep','sept','oct','nov','dec','prof','gen','lt','col','u.s','e.g','i.e','vs','etc','inc','co','jr','sr'}
def zh_sents(p):
    out=[]; cur=''
    i=0
    while i < len(p):
        cur+=p[i]
        if p[i] in '。！？':
            while i+1 < len(p) and p[i+1] in '”’」』）)':
                i+=1; cur+=p[i]
            out.append(cur.strip()); cur=''
        i+=1
    if cur.strip(): out.append(cur.strip())
    return out
def en_sents(p):
    out=[]; cur=''; i=0
    while i < len(p):
        c=p[i]; cur+=c
        if c in '.?!':
            j=i
            while j+1 < len(p) and p[j+1] in '"\'”’)':
                j+=1
            nxt = p[j+1] if j+1 < len(p) else ''
            word = re.search(r'([A-Za-z.]+)\.$', cur)
            abbr = word and word.group(1).lower() in ABBR
            if (nxt=='' or nxt.isspace() or nxt.isupper() or (nxt.isdigit() and cur[-2:-1].isalpha())) and not abbr:
                cur+=p[i+1:j+1]; i=j
                out.append(cur.strip()); cur=''
        i+=1
    if cur.strip(): out.append(cur.strip())
    return out
