/** The workflow bundle's entry: every workflow the worker runs. */
export { accountCreation } from './accountCreation';
export { credentialRotation } from './credentialRotation';
