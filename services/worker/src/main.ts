import { runServiceMain } from '@matchnet/cluster';

await runServiceMain('worker');
