/* The dashboard's plotly.js: the core (scatter is always in it) plus the trace types dashboard/figures.py
   makes, and the Swedish locale as the default. No trace that needs WebGL or eval (regl), so the page's CSP
   needs no 'unsafe-eval'. A new trace type in figures.py belongs here (tests/test_plotly_bundle.py says so). */
'use strict';

var geoConstants = require('plotly.js/src/plots/geo/constants');

/* A geo subplot fetches a world base map (topojson) from plotly's CDN before it draws, even for a choropleth
   of our own GeoJSON with the base map hidden. Nothing comes from a CDN here: every scope's base map is an
   empty topology, so the kommun map draws from its GeoJSON alone (and a base layer, if ever shown, is empty). */
var empty = { type: 'Topology', arcs: [], objects: {} };
['ocean', 'land', 'lakes', 'subunits', 'countries', 'coastlines', 'rivers'].forEach(function (layer) {
    empty.objects[layer] = { type: 'GeometryCollection', geometries: [] };
});
var topojson = {};
Object.keys(geoConstants.scopeDefaults).forEach(function (scope) {
    [110, 50].forEach(function (resolution) {
        topojson[scope.replace(/ /g, '-') + '_' + resolution + 'm'] = empty;
    });
});
window.PlotlyGeoAssets = { topojson: topojson };

var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/choropleth'), require('plotly.js/lib/locales/sv')]);
Plotly.setPlotConfig({ locale: 'sv' });

module.exports = Plotly;
