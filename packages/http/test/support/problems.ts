import { expect } from 'chai';
import type { Answer } from './world.js';

/** A problem document of the contract: status, code, content type, and the request's own id. */
export function expectProblem(answer: Answer, status: number, code: string, detail?: string): void {
  expect(answer.status, answer.text).to.equal(status);
  expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
  expect(answer.body).to.include({ status, code });
  expect(answer.body).to.have.all.keys(
    ...['type', 'title', 'status', 'detail', 'code', 'instance', 'request_id'],
    ...('errors' in answer.body ? ['errors'] : []),
  );
  expect(answer.body.request_id).to.equal(answer.headers.get('x-request-id'));
  if (detail !== undefined) expect(answer.body.detail).to.equal(detail);
}

/** Any 4xx problem document: what every kind of bad input must get, never a 500. */
export function expectClientProblem(answer: Answer): void {
  expect(answer.status, answer.text).to.be.within(400, 499);
  expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
  expect(answer.body.code).to.be.a('string').and.not.equal('internal_error');
}
