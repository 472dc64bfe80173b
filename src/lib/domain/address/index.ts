export * from './plus-code';
export * from './geometry';
export * from './point';
export * from './capture';
export * from './grid';
export * from './checks';
export * from './geojson';
export * from './coverage';
