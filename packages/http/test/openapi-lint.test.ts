import { expect } from 'chai';
import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core';
import type { World } from './support/world.js';
import { useWorld } from './support/use-world.js';

type Operation = { parameters?: unknown[]; requestBody?: unknown; security?: unknown[]; responses: object };

/**
 * The served document as `redocly lint` judges it with its `recommended` rules, the rules code
 * generators and docs tools assume. One rule, `operation-4xx-response`, cannot hold for a public GET
 * that takes no input (the health checks, this document, the docs page): no 4xx can answer it, and
 * listing one would be false. Those, and only those, are let through.
 */
describe('the OpenAPI document under redocly lint (recommended rules)', function () {
  this.timeout(60_000);
  let world: World;

  useWorld((w) => (world = w), { checkSecrets: false });

  it('has no error and no warning', async () => {
    const answer = await world.request('GET', '/api/v1/openapi.json');
    expect(answer.status).to.equal(200);
    const document = answer.body as { paths: Record<string, Record<string, Operation>> };
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: '/api/v1/openapi.json',
      config: await createConfig({ extends: ['recommended'] }),
    });

    const takesNoInput = (problem: NormalizedProblem) => {
      // The pointer names the operation's responses: #/paths/<path>/<method>/responses.
      const [path, method] = (problem.location[0]?.pointer ?? '')
        .split('/')
        .slice(2, 4)
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
      const op = document.paths[path!]?.[method!];
      return (
        op !== undefined &&
        op.parameters === undefined &&
        op.requestBody === undefined &&
        Array.isArray(op.security) &&
        op.security.length === 0
      );
    };
    const found = problems
      .filter((p) => !(p.ruleId === 'operation-4xx-response' && takesNoInput(p)))
      .map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`);
    expect(found).to.deep.equal([]);
    // The exception stays as narrow as it says: four operations.
    expect(problems.filter((p) => p.ruleId === 'operation-4xx-response')).to.have.length(4);
  });

  it('gives every operation an id, a summary, and a schema for every response with a body', () => {
    return world.request('GET', '/api/v1/openapi.json').then((answer) => {
      const paths = (answer.body as { paths: Record<string, Record<string, Record<string, unknown>>> }).paths;
      for (const [path, operations] of Object.entries(paths)) {
        for (const [method, op] of Object.entries(operations)) {
          const where = `${method} ${path}`;
          expect(op.operationId, where).to.be.a('string');
          expect(op.summary, where).to.be.a('string');
          expect(op.security, where).to.be.an('array');
          for (const [status, response] of Object.entries(
            op.responses as Record<string, { content?: object }>,
          )) {
            if (status === '204') continue;
            const media = Object.values(response.content ?? {}) as { schema?: unknown }[];
            expect(media, `${where} ${status}`).to.not.be.empty;
            for (const m of media) expect(m.schema, `${where} ${status}`).to.be.an('object');
          }
        }
      }
    });
  });
});
