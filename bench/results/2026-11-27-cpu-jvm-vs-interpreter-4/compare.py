import json,math,statistics,sys,glob
D=sys.argv[1]
N=len(glob.glob(D+'/cpu-jvm-*.json'))
I=[json.load(open(D+'/cpu-interpreter-%d.json'%r)) for r in range(1,N+1)]
J=[json.load(open(D+'/cpu-jvm-%d.json'%r)) for r in range(1,N+1)]
for r in range(N):
  rr=[a['us']/b['us'] for a,b in zip(I[r]['rows'],J[r]['rows'])]
  print("round",r+1,"geo %.1f"%math.exp(sum(map(math.log,rr))/len(rr)), ' '.join('%.1f'%x for x in rr))
rr=[]
for k in range(9):
  i=statistics.median(x['rows'][k]['us'] for x in I); j=statistics.median(x['rows'][k]['us'] for x in J)
  rr.append(i/j); print("| %s | %.0f | %.0f | %.1fx |"%(I[0]['rows'][k]['name'],i,j,i/j))
print("geo of medians %.1f"%math.exp(sum(map(math.log,rr))/len(rr)))
