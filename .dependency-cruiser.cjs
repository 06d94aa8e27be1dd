/**
 * Import boundaries, checked by `npm test` (`npm run lint:deps`). Static imports, type-only imports,
 * dynamic `import()` and re-exports all count (tsPreCompilationDeps: true).
 * "Vendor SDK": grammy and @grammyjs/*, @slack/*, openai, postgres, @electric-sql/pglite, @supabase/*.
 */
const VENDOR = '^node_modules/(grammy|@grammyjs/|@slack/|openai|postgres|@electric-sql/pglite|@supabase/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'insights-is-pure',
      comment: 'insights/ computes from data it is given: no store, router, transport, delivery or vendor SDK',
      severity: 'error',
      from: { path: '^src/insights/' },
      to: { path: ['^src/(data|router|transports|delivery)/', VENDOR] },
    },
    {
      name: 'router-knows-no-feature',
      comment: 'the model router serves every feature and imports none',
      severity: 'error',
      from: { path: '^src/router/' },
      to: { path: '^src/(insights|alerts|render|transports|delivery|chat|ask)/' },
    },
    {
      name: 'render-is-pure',
      comment: 'render/ turns data it is given into messages: no store, no router',
      severity: 'error',
      from: { path: '^src/render/' },
      to: { path: '^src/(data|router)/' },
    },
    {
      name: 'features-without-vendor-sdk',
      comment: 'alerts/, ask/ and the chat commands reach vendors only through ports',
      severity: 'error',
      from: { path: '^src/(alerts|ask|chat)/' },
      to: { path: VENDOR },
    },
    {
      name: 'chat-sdks-only-in-transports',
      comment: 'grammY and Bolt stop at transports/',
      severity: 'error',
      from: { pathNot: '^src/transports/' },
      to: { path: '^node_modules/(grammy|@grammyjs/|@slack/)' },
    },
    {
      name: 'openai-only-in-router',
      comment: 'one OpenAI client, in the router',
      severity: 'error',
      from: { pathNot: '^src/router/' },
      to: { path: '^node_modules/openai/' },
    },
    {
      name: 'delivery-sends-what-it-is-given',
      comment: 'delivery receives rendered messages and never imports render/',
      severity: 'error',
      from: { path: '^src/delivery/' },
      to: { path: '^src/render/' },
    },
    {
      name: 'no-folder-cycles',
      comment: 'folders depend on each other one way',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
