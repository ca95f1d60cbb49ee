/* libsodium for the CCliquet target: found through pkg-config (libsodium). */
#include <sodium.h>
