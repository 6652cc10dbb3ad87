/* The kommun map is a plotly.js `geo` choropleth over the app's own GeoJSON (dashboard/figures.py) with no base
   map, yet plotly.js fetches its world topojson from cdn.plot.ly for any trace with a locationmode. An empty one
   here means nothing is fetched: the app calls no CDN (and its Content-Security-Policy would refuse). Loaded by the
   pages (Dash serves assets/*.js), by Kaleido's page (dashboard/exports/render.py) and by the bench's static page. */
(window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} }).topojson.world_110m = { type: "Topology", objects: {}, arcs: [] };
