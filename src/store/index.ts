/** The scan store (DESIGN §6): schema, migrations, PGlite and PostgreSQL drivers, lifecycle and drift. */
export * from './driver.js';
export * from './migrations.js';
export * from './lifecycle.js';
export * from './diff.js';
export * from './target-key.js';
export * from './store.js';
export * from './records.js';
export * from './open.js';
export * from './dates.js';
export * from './exceptions.js';
export * from './owners.js';
export * from './posture-config.js';
