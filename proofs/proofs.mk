# proofs/proofs.mk: `make prove`, included by the Makefile.
#
#   make prove     install Frama-C and the provers (Debian packages) if
#                  missing, then EVA on every driver in proofs/ under both
#                  machdeps and WP on lib/core; fails on any alarm or any
#                  unproved goal (docs/proofs.md).
#
# Each driver lists the lib/ files it is analysed with: its parser and what
# the parser calls. libsodium is never among them: proofs/include/sodium.h
# stands in for it with contracts.

PROOF_PKGS      := frama-c-base why3 z3 cvc4
PROOF_MACHDEPS  := x86_64 x86_32
PROOF_CORE      := lib/core/bytes.c lib/core/varint.c lib/core/ct.c

PROOF_SRC_olm_message          := lib/olm/message.c $(PROOF_CORE)
PROOF_SRC_olm_pre_key_message  := lib/olm/message.c $(PROOF_CORE)
PROOF_SRC_megolm_message       := lib/megolm/message.c $(PROOF_CORE)
PROOF_SRC_megolm_session_key   := lib/megolm/session_key.c lib/megolm/ratchet.c \
                                  lib/crypto/ed25519.c $(PROOF_CORE)
PROOF_SRC_base64_decode        := lib/core/base64.c lib/core/ct.c
PROOF_SRC_olm_unpickle         := lib/olm/olm_pickle.c lib/olm/account.c lib/olm/session.c \
                                  lib/olm/ratchet.c lib/olm/message.c lib/crypto/ed25519.c \
                                  lib/crypto/x25519.c lib/crypto/hash.c lib/crypto/sha256.c lib/crypto/cbc.c \
                                  lib/crypto/aes.c lib/crypto/aes_ct.c $(PROOF_CORE)
PROOF_SRC_pickle_native        := lib/pickle/native.c lib/crypto/aead.c lib/crypto/hash.c lib/crypto/sha256.c \
                                  lib/core/base64.c $(PROOF_CORE)
PROOF_SRC_pickle_libolm        := lib/pickle/libolm.c lib/pickle/libolm_legacy.c lib/crypto/cbc.c \
                                  lib/crypto/aes.c lib/crypto/aes_ct.c lib/crypto/hash.c lib/crypto/sha256.c \
                                  lib/core/base64.c $(PROOF_CORE)
PROOF_SRC_pickle_payloads      := lib/megolm/pickle.c lib/megolm/ratchet.c lib/pk/pickle_fields.c \
                                  lib/pk/backup.c lib/crypto/ed25519.c lib/crypto/x25519.c \
                                  $(PROOF_CORE)
PROOF_SRC_pk_decrypt           := lib/pk/backup.c lib/crypto/cbc.c lib/crypto/aes.c \
                                  lib/crypto/aes_ct.c lib/crypto/hash.c lib/crypto/sha256.c lib/crypto/x25519.c \
                                  $(PROOF_CORE)
PROOF_SRC_sas                  := lib/sas/sas.c lib/crypto/hash.c lib/crypto/sha256.c lib/crypto/x25519.c \
                                  lib/core/base64.c $(PROOF_CORE)

PROOF_DRIVERS   := $(sort $(patsubst PROOF_SRC_%,%,$(filter PROOF_SRC_%,$(.VARIABLES))))
PROOF_EVA_RUNS  := $(foreach d,$(PROOF_DRIVERS),$(foreach m,$(PROOF_MACHDEPS),eva-$d-$m))

.PHONY: prove prove-deps prove-run prove-eva prove-wp $(PROOF_EVA_RUNS)

prove:
	@$(MAKE) --no-print-directory prove-deps
	@$(MAKE) --no-print-directory prove-run

prove-deps:
	@$(MAKE) --no-print-directory deps DEPS_PKGS="$(PROOF_PKGS)"
	@why3 config detect >/dev/null 2>&1 || true

# -k: every driver prints its line even after one has failed.
prove-run:
	@echo "prove: EVA, $(words $(PROOF_DRIVERS)) drivers x $(words $(PROOF_MACHDEPS)) machdeps"
	@$(MAKE) --no-print-directory -k -j2 prove-eva
	@$(MAKE) --no-print-directory prove-wp
	@echo "prove: zero alarms, every WP goal proved"

prove-eva: $(PROOF_EVA_RUNS)

# eva-DRIVER-MACHDEP (driver names have no '-').
$(PROOF_EVA_RUNS): eva-%:
	@sh proofs/eva.sh $(lastword $(subst -, ,$*)) proofs/$(firstword $(subst -, ,$*)).c \
	    $(PROOF_SRC_$(firstword $(subst -, ,$*)))

prove-wp:
	@sh proofs/wp.sh
