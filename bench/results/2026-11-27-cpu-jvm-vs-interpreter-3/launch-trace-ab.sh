cd /tmp/prof && TRACE=1 java -cp $1:. Prof all 100 2>&1 | grep -v "^start\|min=" | python3 -c "
import sys,statistics,math
names='llama8b llama70b long ragged qwen fp8 gptoss h80 mixed'.split()
out=[];g=0
for n,l in zip(names,sys.stdin):
    t=list(map(float,l.split())); m=statistics.median(t[50:60]); g+=math.log(m); out.append('%s %.2f'%(n,m))
print(' '.join(out),' geo %.2f'%math.exp(g/9))
"
