// Builds ../../assets/vendor/plotly-laget.min.js from entry.js (npm ci && npm run build); see README.md.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';

const vendor = new URL('../../assets/vendor/', import.meta.url);
const version = JSON.parse(readFileSync(new URL('node_modules/plotly.js/package.json', import.meta.url))).version;
const out = new URL('plotly-laget.min.js', vendor).pathname;

const result = await esbuild.build({
    entryPoints: [new URL('entry.js', import.meta.url).pathname],
    outfile: out,
    bundle: true,
    format: 'iife',
    globalName: 'Plotly',
    minify: true,
    target: 'es2016',
    define: { global: 'window', 'define.amd': 'false' },
    loader: { '.css': 'empty' }, // the map trace's maplibre CSS, which registry.js requires for every bundle
    legalComments: 'external',
    banner: { js: `/* plotly.js v${version} (MIT), partial: scatter, bar, choropleth + locale sv; built by tools/plotly-bundle. Licences: plotly-laget.min.js.LEGAL.txt */` },
    metafile: true,
    logLevel: 'info'
});
writeFileSync(new URL('meta.json', import.meta.url), JSON.stringify(result.metafile));
copyFileSync(new URL('node_modules/plotly.js/LICENSE', import.meta.url), new URL('plotly-laget-LICENSE.txt', vendor));
