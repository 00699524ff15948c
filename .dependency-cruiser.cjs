/**
 * Architecture rules checked by `npm run lint:deps` (`depcruise src --config .dependency-cruiser.cjs`).
 *
 * Layers: domain <- application <- infrastructure / interfaces, with the HTTP and socket adapters kept off the
 * infrastructure. Bounded contexts depend in one direction only, from the bottom of CONTEXTS up.
 */

/**
 * Bounded contexts from the bottom up: a context may use those before it in this list (through their public
 * surface, `index.ts`), never those after it. Adding a context is adding its name at its place here.
 */
const CONTEXTS = ['identity', 'graph', 'posts', 'profile', 'notifications', 'chat'];

/** Context code lives in both layers: `src/domain/<ctx>/` and `src/application/<ctx>/`. */
const LAYERS = '(application|domain)';
const anyOf = (names) => `(${names.join('|')})`;

/** Test files and `testing/` helpers may reach across contexts (they wire several together); no-circular still applies. */
const TESTS = ['\\.test\\.ts$', '/testing/'];

const contextRules = CONTEXTS.flatMap((context, index) => {
  const from = { path: `^src/${LAYERS}/${context}/`, pathNot: TESTS };
  const lower = CONTEXTS.slice(0, index);
  const higher = CONTEXTS.slice(index + 1);
  const rules = [];
  if (higher.length > 0) {
    rules.push({
      name: `context-${context}-not-higher`,
      severity: 'error',
      comment:
        `Contexts depend in one direction only (${CONTEXTS.join(' < ')}): ${context} is below ` +
        `${higher.join(', ')} and must not import them, in the domain or the application layer.`,
      from,
      to: { path: `^src/${LAYERS}/${anyOf(higher)}/` },
    });
  }
  if (lower.length > 0) {
    rules.push({
      name: `context-${context}-lower-via-index`,
      severity: 'error',
      comment:
        `${context} may use the contexts below it (${lower.join(', ')}) only through their public surface, ` +
        `src/application/<context>/index.ts or src/domain/<context>/index.ts, never their internal files.`,
      from,
      to: { path: `^src/${LAYERS}/${anyOf(lower)}/`, pathNot: `^src/${LAYERS}/${anyOf(lower)}/index\\.ts$` },
    });
  }
  return rules;
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Circular imports make module initialisation order-dependent (a class or constant can be undefined when first used) ' +
        'and mean the modules cannot be understood, tested or moved apart. Break the cycle by moving the shared part down.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'The domain is pure decision logic: it imports only other domain files and zod (the events are zod-validated); ' +
        'no node built-ins, no other npm packages, no application or infrastructure code. I/O belongs to the outer layers.',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', '^node_modules/zod/'] },
    },
    {
      name: 'application-inward',
      severity: 'error',
      comment:
        'The application layer depends inward only (domain, its own ports, node built-ins, zod). Infrastructure and ' +
        'interfaces implement or drive its ports; importing them here would invert the dependency rule.',
      from: { path: '^src/application/' },
      to: { path: '^src/(infrastructure|interfaces)/' },
    },
    {
      name: 'infrastructure-not-interfaces',
      severity: 'error',
      comment:
        'Infrastructure adapters must not depend on the delivery layer (HTTP, sockets, CLI, processes): the interfaces ' +
        'compose the infrastructure, not the other way round.',
      from: { path: '^src/infrastructure/' },
      to: { path: '^src/interfaces/' },
    },
    {
      name: 'http-not-infrastructure',
      severity: 'error',
      comment:
        'HTTP routers and middleware talk to the application layer (commands, queries, ports) only; the concrete ' +
        'infrastructure is wired in by the composition root, so the HTTP code stays testable and swappable.',
      from: { path: '^src/interfaces/http/' },
      to: { path: '^src/infrastructure/' },
    },
    {
      name: 'socket-not-infrastructure',
      severity: 'error',
      comment: 'Socket handlers talk to the application layer only; the concrete infrastructure is wired in by the composition ' + 'root, as for HTTP.',
      from: { path: '^src/interfaces/socket/' },
      to: { path: '^src/infrastructure/' },
    },
    {
      name: 'shared-below-contexts',
      severity: 'error',
      comment: `shared (domain and application) is below every context (${CONTEXTS.join(', ')}) and must import none of them.`,
      from: { path: `^src/${LAYERS}/shared/`, pathNot: TESTS },
      to: { path: `^src/${LAYERS}/${anyOf(CONTEXTS)}/` },
    },
    ...contextRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: an `import type` from an outer layer couples the code just as much.
    tsPreCompilationDeps: true,
    // Resolves the path aliases (@domain/*, @application/*, @infrastructure/*, @interfaces/*, @test/*).
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.d.ts', '.js', '.cjs', '.mjs', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
