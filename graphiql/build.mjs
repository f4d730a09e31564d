// Bundles src/main.jsx (GraphiQL, the explorer plugin, graphql-ws) into dist/ for
// Kabinet to serve at /graphiql-assets/. dist/ is not committed: `make deps` builds it.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.jsx'],
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'esm',
  target: ['es2020'],
  jsx: 'automatic',
  loader: { '.json': 'json' },
  define: { 'process.env.NODE_ENV': '"production"' },
  outdir: 'dist',
  entryNames: 'graphiql',
  legalComments: 'linked',
  logLevel: 'warning',
});
console.log('GraphiQL built into graphiql/dist/');
