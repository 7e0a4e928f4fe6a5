export { getCommonPasswords, isCommonPassword } from './common-passwords';
export { PasswordHasher, SCRYPT_KEY_BYTES, SCRYPT_PARAMS, SCRYPT_SALT_BYTES, type ScryptParams } from './password-hasher';
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_RULES, checkPassword, type PasswordContext } from './password-policy';
