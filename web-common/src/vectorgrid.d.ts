declare module 'leaflet.vectorgrid';
