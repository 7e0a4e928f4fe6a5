// @ts-check
const { AsyncLocalStorage } = require('node:async_hooks');
const { TestEnvironment } = require('jest-environment-node');

/**
 * Jest's node environment, plus one cleanup: the AsyncLocalStorage instances a test file
 * used are disabled when the file is done.
 *
 * Every test file loads its own copy of the app and of jest-circus, and each makes its
 * own storage at import (nestjs-cls's, the test context's), but `node:async_hooks` is the
 * worker's own, shared by every file it runs. A storage that has been entered stays in
 * Node's list until it is disabled, and every promise the worker creates afterwards is
 * propagated through each of them: over the e2e files in one process, `_propagate` alone
 * took 29 of 535 busy seconds. (What else a file leaves behind, timers and handles whose async
 * context still points at its tests, is bounded by `workerIdleMemoryLimit` in
 * jest.config.js.)
 */
const USED = Symbol.for('quorum.test.usedAsyncLocalStorages');

/** Wraps run/enterWith once per worker (the prototype is shared), recording each storage that is entered. */
function trackStorages() {
  const proto = /** @type {Record<symbol | string, any>} */ (AsyncLocalStorage.prototype);
  if (proto[USED]) return /** @type {Set<AsyncLocalStorage<unknown>>} */ (proto[USED]);
  /** @type {Set<AsyncLocalStorage<unknown>>} */
  const used = new Set();
  const { run, enterWith } = proto;
  proto.run = function (/** @type {unknown[]} */ ...args) {
    used.add(this);
    return run.apply(this, args);
  };
  proto.enterWith = function (/** @type {unknown[]} */ ...args) {
    used.add(this);
    return enterWith.apply(this, args);
  };
  Object.defineProperty(proto, USED, { value: used });
  return used;
}

class QuorumTestEnvironment extends TestEnvironment {
  /** @param {ConstructorParameters<typeof TestEnvironment>} args */
  constructor(...args) {
    super(...args);
    this.usedStorages = trackStorages();
    // One file at a time per worker: whatever is in the set now belongs to an earlier file and was disabled then.
    this.usedStorages.clear();
  }

  async teardown() {
    for (const storage of this.usedStorages) storage.disable();
    this.usedStorages.clear();
    await super.teardown();
  }
}

module.exports = QuorumTestEnvironment;
