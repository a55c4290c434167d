/** Sinks for new and reopened findings: generic signed webhook, Slack, Jira (DESIGN §1 report / notify). */
export * from './config.js';
export * from './http.js';
export * from './event.js';
export * from './webhook.js';
export * from './slack.js';
export * from './jira.js';
export * from './dispatch.js';
