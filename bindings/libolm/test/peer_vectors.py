"""The peers' own test data (vectors/peers/*.json), run step by step through
libolm 3.2's C API: once on Debian's libolm (a check of this runner: every
strict vector must pass) and once on the shim (cliquet).

Each vector is a list of steps, one libolm call each, with every random byte
given (see vectors/peers/README.md). A step's "expect" is the call's output,
"expect_error" the error string libolm gave; a step with neither must
succeed. On the shim a strict vector may differ from libolm only at the
steps listed in ALLOWED, each tied to its entry in docs/libolm-compat.md.
Lenient vectors (vodozemac's fuzz corpora) must only run to the end without
a crash or a hang; their differences are counted and printed.

Each (library, file) pair runs in a child process under a time limit, so a
crash or a hang is reported, not suffered.

Usage: peer_vectors.py <shim build dir> [1 when built with SANITIZE=1]
       peer_vectors.py --child <file.json>   (runs one file on whichever
                                             libolm.so.3 the linker maps)
Prints cmocka-style counts for test/run.sh. Run from the repository root.
Needs only the standard library and Debian's python3-olm (_libolm).
SPDX-License-Identifier: Apache-2.0
"""
import collections
import json
import os
import subprocess
import sys
import time

SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python3-olm lives there
VECTOR_DIR = "vectors/peers"
FILES = ["libolm-tests.json", "vodozemac.json", "vodozemac-fuzz-corpus.json"]
DEBIAN_LIBOLM = "/usr/lib/x86_64-linux-gnu/libolm.so.3"
TIME_LIMIT = 20  # seconds for one file on one library; each takes < 1 s
DOC = "docs/libolm-compat.md"


# The places where the shim may answer a strict vector otherwise than
# libolm: (file, vector id, step index) -> what libolm recorded, what cliquet
# answers, the entry of docs/libolm-compat.md's "Intentional differences"
# that explains it (number and title, both checked against the document), and
# a check that the step's input is of the kind that entry describes. Any
# other difference fails, and so does an entry whose check does not hold.
# None is left: the three messages with bytes outside the base64 alphabet
# (libolm-test_olm_decrypt steps 5, 8 and 11) are now read as libolm reads
# them (docs/libolm-compat.md, difference 4), and answered as libolm does.
ALLOWED = {}


def documented_entries():
    """docs/libolm-compat.md's intentional differences: number -> bold title
    ("4. **Stricter base64.** Text with ..." -> {4: "Stricter base64."})."""
    entries, inside = {}, False
    with open(DOC) as f:
        for line in f:
            if line.startswith("## "):
                inside = line.strip() == "## Intentional differences"
            head = line.split(". **", 1)
            if inside and len(head) == 2 and head[0].isdigit() and "**" in head[1]:
                entries[int(head[0])] = head[1].split("**", 1)[0]
    return entries


# ---- the child: one file through the libolm C API --------------------------

class LibolmError(Exception):
    """A call answered olm_error(); the text is the object's last error."""


class Runner:
    """Runs steps on the objects of one vector."""

    # A vector's object type -> the stem of its libolm functions
    # (olm_STEM_size, olm_STEM, olm_clear_STEM, olm_STEM_last_error).
    KINDS = {"account": "account", "session": "session", "utility": "utility",
             "ogs": "outbound_group_session", "igs": "inbound_group_session",
             "pk_enc": "pk_encryption", "pk_dec": "pk_decryption", "pk_sign": "pk_signing",
             "sas": "sas"}

    def __init__(self, ffi, lib):
        self.ffi = ffi
        self.lib = lib
        self.error_value = lib.olm_error()
        self.objects = {}  # name -> (type, memory, object pointer)

    # -- objects and buffers
    def new(self, kind, name):
        stem = self.KINDS[kind]
        memory = self.ffi.new("uint8_t[]", getattr(self.lib, "olm_%s_size" % stem)())
        pointer = getattr(self.lib, "olm_" + stem)(memory)
        self.objects[name] = (kind, memory, pointer)

    def clear_all(self):
        # The shim's objects hold allocations (compat difference 9).
        for kind, _, pointer in self.objects.values():
            getattr(self.lib, "olm_clear_" + self.KINDS[kind])(pointer)
        self.objects = {}

    def buffer(self, data):
        """A fresh copy: libolm decodes many inputs in place."""
        memory = self.ffi.new("uint8_t[]", max(len(data), 1))
        self.ffi.memmove(memory, data, len(data))
        return memory

    def check(self, kind, pointer, result):
        if result == self.error_value:
            text = getattr(self.lib, "olm_%s_last_error" % self.KINDS[kind])(pointer)
            raise LibolmError(self.ffi.string(text).decode("ascii"))
        return result

    def output(self, kind, pointer, function, length, *args, whole=False):
        """Calls function(pointer, *args, out, length) and returns the bytes
        it wrote: as many as it answers, or all `length` when it answers 0
        for success (whole=True)."""
        out = self.ffi.new("uint8_t[]", max(length, 1))
        written = self.check(kind, pointer, function(pointer, *args, out, length))
        return bytes(self.ffi.buffer(out, length if whole else written))

    # -- one step
    def step(self, step):
        """The step's outcome: ("ok", value) or ("error", libolm error text)."""
        try:
            return ("ok", self.call(step))
        except LibolmError as error:
            return ("error", str(error))

    def call(self, step):
        kind, _, pointer = self.objects[step["obj"]]
        handler = getattr(self, "%s_%s" % (kind, step["do"]), None)
        if handler is None:
            raise ValueError("no runner for %s %s" % (kind, step["do"]))
        return handler(pointer, step)

    # -- account
    def account_create(self, a, step):
        rnd = arg_bytes(step, "random")
        return self.check("account", a, self.lib.olm_create_account(a, self.buffer(rnd), len(rnd)))

    def account_generate_one_time_keys(self, a, step):
        rnd = arg_bytes(step, "random")
        return self.check("account", a, self.lib.olm_account_generate_one_time_keys(
            a, step["n"], self.buffer(rnd), len(rnd)))

    def account_identity_keys(self, a, _):
        lib = self.lib
        return self.output("account", a, lib.olm_account_identity_keys,
                           lib.olm_account_identity_keys_length(a))

    def account_one_time_keys(self, a, _):
        lib = self.lib
        return self.output("account", a, lib.olm_account_one_time_keys,
                           lib.olm_account_one_time_keys_length(a))

    def account_fallback_key(self, a, _):
        lib = self.lib
        return self.output("account", a, lib.olm_account_fallback_key,
                           lib.olm_account_fallback_key_length(a))

    def account_unpublished_fallback_key(self, a, _):
        lib = self.lib
        return self.output("account", a, lib.olm_account_unpublished_fallback_key,
                           lib.olm_account_unpublished_fallback_key_length(a))

    def account_sign(self, a, step):
        message = arg_bytes(step, "message")
        return self.output("account", a, self.lib.olm_account_sign,
                           self.lib.olm_account_signature_length(a),
                           self.buffer(message), len(message))

    def account_pickle(self, a, step):
        key = arg_bytes(step, "key")
        return self.output("account", a, self.lib.olm_pickle_account,
                           self.lib.olm_pickle_account_length(a), self.buffer(key), len(key))

    def account_unpickle(self, a, step):
        key, pickle = arg_bytes(step, "key"), arg_bytes(step, "pickle")
        return self.check("account", a, self.lib.olm_unpickle_account(
            a, self.buffer(key), len(key), self.buffer(pickle), len(pickle)))

    # -- session
    def session_create_outbound(self, s, step):
        account = self.objects[step["account_obj"]][2]
        ik, otk = arg_bytes(step, "identity_key"), arg_bytes(step, "one_time_key")
        rnd = arg_bytes(step, "random")
        return self.check("session", s, self.lib.olm_create_outbound_session(
            s, account, self.buffer(ik), len(ik), self.buffer(otk), len(otk),
            self.buffer(rnd), len(rnd)))

    def session_create_inbound(self, s, step):
        account = self.objects[step["account_obj"]][2]
        message = arg_bytes(step, "message")
        return self.check("session", s, self.lib.olm_create_inbound_session(
            s, account, self.buffer(message), len(message)))

    def session_matches_inbound(self, s, step):
        message = arg_bytes(step, "message")
        if "identity_key" in step:
            ik = arg_bytes(step, "identity_key")
            result = self.lib.olm_matches_inbound_session_from(
                s, self.buffer(ik), len(ik), self.buffer(message), len(message))
        else:
            result = self.lib.olm_matches_inbound_session(s, self.buffer(message), len(message))
        return self.check("session", s, result)

    def session_decrypt(self, s, step):
        # As python-olm: the bound first, on its own copy of the message.
        kind, message = step["type"], arg_bytes(step, "message")
        size = self.check("session", s, self.lib.olm_decrypt_max_plaintext_length(
            s, kind, self.buffer(message), len(message)))
        return self.output("session", s, self.lib.olm_decrypt, size,
                           kind, self.buffer(message), len(message))

    def session_encrypt(self, s, step):
        lib = self.lib
        plaintext, rnd = arg_bytes(step, "plaintext"), arg_bytes(step, "random")
        kind = self.check("session", s, lib.olm_encrypt_message_type(s))
        body = self.output("session", s, lib.olm_encrypt,
                           self.check("session", s, lib.olm_encrypt_message_length(
                               s, len(plaintext))),
                           self.buffer(plaintext), len(plaintext), self.buffer(rnd), len(rnd))
        return {"type": kind, "body": body}

    def session_encrypt_message_type(self, s, _):
        return self.check("session", s, self.lib.olm_encrypt_message_type(s))

    def session_encrypt_random_length(self, s, _):
        return self.check("session", s, self.lib.olm_encrypt_random_length(s))

    def session_describe(self, s, _):
        text = self.ffi.new("char[]", 1024)
        self.lib.olm_session_describe(s, text, 1024)
        return self.ffi.string(text)

    def session_has_received_message(self, s, _):
        return self.lib.olm_session_has_received_message(s)

    def session_session_id(self, s, _):
        return self.output("session", s, self.lib.olm_session_id,
                           self.lib.olm_session_id_length(s))

    def session_pickle(self, s, step):
        key = arg_bytes(step, "key")
        return self.output("session", s, self.lib.olm_pickle_session,
                           self.lib.olm_pickle_session_length(s), self.buffer(key), len(key))

    def session_unpickle(self, s, step):
        key, pickle = arg_bytes(step, "key"), arg_bytes(step, "pickle")
        return self.check("session", s, self.lib.olm_unpickle_session(
            s, self.buffer(key), len(key), self.buffer(pickle), len(pickle)))

    # -- utility
    def utility_sha256(self, u, step):
        data = arg_bytes(step, "data")
        return self.output("utility", u, self.lib.olm_sha256, self.lib.olm_sha256_length(u),
                           self.buffer(data), len(data))

    def utility_ed25519_verify(self, u, step):
        key, message = arg_bytes(step, "key"), arg_bytes(step, "message")
        signature = arg_bytes(step, "signature")
        return self.check("utility", u, self.lib.olm_ed25519_verify(
            u, self.buffer(key), len(key), self.buffer(message), len(message),
            self.buffer(signature), len(signature)))

    # -- outbound group session
    def ogs_random_length(self, o, _):
        return self.lib.olm_init_outbound_group_session_random_length(o)

    def ogs_init(self, o, step):
        rnd = arg_bytes(step, "random")
        return self.check("ogs", o, self.lib.olm_init_outbound_group_session(
            o, self.buffer(rnd), len(rnd)))

    def ogs_message_index(self, o, _):
        return self.lib.olm_outbound_group_session_message_index(o)

    def ogs_session_key(self, o, _):
        return self.output("ogs", o, self.lib.olm_outbound_group_session_key,
                           self.lib.olm_outbound_group_session_key_length(o))

    def ogs_session_id(self, o, _):
        return self.output("ogs", o, self.lib.olm_outbound_group_session_id,
                           self.lib.olm_outbound_group_session_id_length(o))

    def ogs_encrypt(self, o, step):
        plaintext = arg_bytes(step, "plaintext")
        return self.output("ogs", o, self.lib.olm_group_encrypt,
                           self.lib.olm_group_encrypt_message_length(o, len(plaintext)),
                           self.buffer(plaintext), len(plaintext))

    # -- inbound group session
    def igs_init(self, i, step):
        key = arg_bytes(step, "session_key")
        return self.check("igs", i, self.lib.olm_init_inbound_group_session(
            i, self.buffer(key), len(key)))

    def igs_import(self, i, step):
        key = arg_bytes(step, "exported_key")
        return self.check("igs", i, self.lib.olm_import_inbound_group_session(
            i, self.buffer(key), len(key)))

    def igs_decrypt(self, i, step):
        message = arg_bytes(step, "message")
        size = self.check("igs", i, self.lib.olm_group_decrypt_max_plaintext_length(
            i, self.buffer(message), len(message)))
        index = self.ffi.new("uint32_t *")
        plaintext = self.output("igs", i, lambda *a: self.lib.olm_group_decrypt(*a, index),
                                size, self.buffer(message), len(message))
        return {"plaintext": plaintext, "message_index": index[0]}

    def igs_export(self, i, step):
        return self.output("igs", i, lambda i_, out, n: self.lib.olm_export_inbound_group_session(
            i_, out, n, step["index"]), self.lib.olm_export_inbound_group_session_length(i))

    def igs_first_known_index(self, i, _):
        return self.lib.olm_inbound_group_session_first_known_index(i)

    def igs_is_verified(self, i, _):
        return self.lib.olm_inbound_group_session_is_verified(i)

    def igs_session_id(self, i, _):
        return self.output("igs", i, self.lib.olm_inbound_group_session_id,
                           self.lib.olm_inbound_group_session_id_length(i))

    # -- PK
    def pk_enc_set_recipient_key(self, e, step):
        key = arg_bytes(step, "key")
        return self.check("pk_enc", e, self.lib.olm_pk_encryption_set_recipient_key(
            e, self.buffer(key), len(key)))

    def pk_enc_encrypt(self, e, step):
        lib, ffi = self.lib, self.ffi
        plaintext, rnd = arg_bytes(step, "plaintext"), arg_bytes(step, "random")
        sizes = (lib.olm_pk_ciphertext_length(e, len(plaintext)), lib.olm_pk_mac_length(e),
                 lib.olm_pk_key_length())
        ct, mac, eph = (ffi.new("uint8_t[]", n) for n in sizes)
        self.check("pk_enc", e, lib.olm_pk_encrypt(
            e, self.buffer(plaintext), len(plaintext), ct, sizes[0], mac, sizes[1],
            eph, sizes[2], self.buffer(rnd), len(rnd)))
        return {"ciphertext": bytes(ffi.buffer(ct, sizes[0])),
                "mac": bytes(ffi.buffer(mac, sizes[1])),
                "ephemeral": bytes(ffi.buffer(eph, sizes[2]))}

    def pk_dec_key_from_private(self, d, step):
        private = arg_bytes(step, "private_key")
        return self.output("pk_dec", d, lambda d_, out, n: self.lib.olm_pk_key_from_private(
            d_, out, n, self.buffer(private), len(private)), self.lib.olm_pk_key_length(),
            whole=True)

    def pk_dec_get_private_key(self, d, _):
        return self.output("pk_dec", d, self.lib.olm_pk_get_private_key,
                           self.lib.olm_pk_private_key_length())

    def pk_dec_pickle(self, d, step):
        key = arg_bytes(step, "key")
        return self.output("pk_dec", d, self.lib.olm_pickle_pk_decryption,
                           self.lib.olm_pickle_pk_decryption_length(d),
                           self.buffer(key), len(key))

    def pk_dec_unpickle(self, d, step):
        key, pickle = arg_bytes(step, "key"), arg_bytes(step, "pickle")
        size = self.lib.olm_pk_key_length()
        public = self.ffi.new("uint8_t[]", size)
        self.check("pk_dec", d, self.lib.olm_unpickle_pk_decryption(
            d, self.buffer(key), len(key), self.buffer(pickle), len(pickle), public, size))
        return bytes(self.ffi.buffer(public, size))

    def pk_dec_decrypt(self, d, step):
        eph, mac = arg_bytes(step, "ephemeral"), arg_bytes(step, "mac")
        ct = arg_bytes(step, "ciphertext")
        return self.output("pk_dec", d, self.lib.olm_pk_decrypt,
                           self.lib.olm_pk_max_plaintext_length(d, len(ct)),
                           self.buffer(eph), len(eph), self.buffer(mac), len(mac),
                           self.buffer(ct), len(ct))

    def pk_sign_from_seed(self, s, step):
        seed = arg_bytes(step, "seed")
        return self.output("pk_sign", s, lambda s_, out, n: self.lib.olm_pk_signing_key_from_seed(
            s_, out, n, self.buffer(seed), len(seed)), self.lib.olm_pk_signing_public_key_length(),
            whole=True)

    def pk_sign_sign(self, s, step):
        message = arg_bytes(step, "message")
        return self.output("pk_sign", s, self.lib.olm_pk_sign, self.lib.olm_pk_signature_length(),
                           self.buffer(message), len(message))

    # -- SAS
    def sas_create(self, s, step):
        rnd = arg_bytes(step, "random")
        return self.check("sas", s, self.lib.olm_create_sas(s, self.buffer(rnd), len(rnd)))

    def sas_pubkey(self, s, _):
        return self.output("sas", s, self.lib.olm_sas_get_pubkey, self.lib.olm_sas_pubkey_length(s),
                           whole=True)

    def sas_set_their_key(self, s, step):
        key = arg_bytes(step, "key")
        return self.check("sas", s, self.lib.olm_sas_set_their_key(s, self.buffer(key), len(key)))

    def sas_generate_bytes(self, s, step):
        info, size = arg_bytes(step, "info"), step["n"]
        out = self.ffi.new("uint8_t[]", max(size, 1))
        self.check("sas", s, self.lib.olm_sas_generate_bytes(
            s, self.buffer(info), len(info), out, size))
        return bytes(self.ffi.buffer(out, size))

    def sas_mac(self, s, step, function):
        message, info = arg_bytes(step, "message"), arg_bytes(step, "info")
        size = self.lib.olm_sas_mac_length(s)
        mac = self.ffi.new("uint8_t[]", size)
        self.check("sas", s, function(s, self.buffer(message), len(message),
                                      self.buffer(info), len(info), mac, size))
        return bytes(self.ffi.buffer(mac, size))

    def sas_calculate_mac(self, s, step):
        return self.sas_mac(s, step, self.lib.olm_sas_calculate_mac)

    def sas_calculate_mac_fixed_base64(self, s, step):
        return self.sas_mac(s, step, self.lib.olm_sas_calculate_mac_fixed_base64)

    def sas_calculate_mac_long_kdf(self, s, step):
        return self.sas_mac(s, step, self.lib.olm_sas_calculate_mac_long_kdf)


def arg_bytes(step, name):
    """An argument's bytes: NAME_hex as hex, NAME as UTF-8, absent as empty."""
    if name + "_hex" in step:
        return bytes.fromhex(step[name + "_hex"])
    return step.get(name, "").encode("utf-8")


def expected_value(value):
    """A vector's expect in the runner's terms: strings become bytes."""
    if isinstance(value, dict):
        return {k: expected_value(v) for k, v in value.items()}
    if isinstance(value, str):
        return bytes.fromhex(value[4:]) if value.startswith("hex:") else value.encode("utf-8")
    return value


def shown(outcome):
    """An outcome as short printable text."""
    state, value = outcome
    if state == "error":
        return value
    if isinstance(value, dict):
        return "{%s}" % ", ".join("%s: %s" % (k, shown(("ok", v))) for k, v in sorted(value.items()))
    if isinstance(value, bytes):
        try:
            text = value.decode("utf-8")
            return repr(text if len(text) <= 100 else text[:97] + "...")
        except UnicodeDecodeError:
            return "hex:" + value.hex()[:100]
    return repr(value)


def expectation(step):
    """What the step must give: ("error", name), ("ok", value) or ("ok", None): any success."""
    if "expect_error" in step:
        return ("error", step["expect_error"])
    return ("ok", expected_value(step["expect"]) if "expect" in step else None)


def matches(want, got):
    if want[0] != got[0]:
        return False
    return want[1] is None or want[1] == got[1]


def loaded_libolm():
    with open("/proc/self/maps") as maps:
        for line in maps:
            if "libolm.so" in line and "/" in line:
                return os.path.realpath(line[line.index("/"):].strip())
    return "none"


def child(path):
    """Runs every vector of one file; one JSON line per vector on stdout."""
    import _libolm  # Debian's python3-olm: the raw cffi module
    ffi, lib = _libolm.ffi, _libolm.lib
    major, minor, patch = (ffi.new("uint8_t *") for _ in range(3))
    lib.olm_get_library_version(major, minor, patch)
    emit({"library": loaded_libolm(), "version": "%d.%d.%d" % (major[0], minor[0], patch[0])})
    with open(path) as f:
        data = json.load(f)
    for vector in data["vectors"]:
        emit({"begin": vector["id"]})  # names the vector if the process dies in it
        runner = Runner(ffi, lib)
        diffs = []
        for index, step in enumerate(vector["steps"]):
            if step["do"] == "new":
                runner.new(step["type"], step["as"])
                continue
            want, got = expectation(step), runner.step(step)
            if not matches(want, got):
                diffs.append({"step": index, "do": step["do"], "obj": step["obj"],
                              "want": shown(want) if want[1] is not None else "success",
                              "got": shown(got)})
        runner.clear_all()
        emit({"id": vector["id"], "steps": len(vector["steps"]),
              "lenient": bool(vector.get("lenient")), "diffs": diffs})
    emit({"done": True})


def emit(record):
    print(json.dumps(record), flush=True)


# ---- the parent: both libraries, every file, the verdicts -----------------------

class Report:
    def __init__(self):
        self.passed = 0
        self.failed = []

    def ok(self, name):
        print("[       OK ] " + name, flush=True)
        self.passed += 1

    def ko(self, name, why=""):
        if why:
            print("[  ERROR   ] %s: %s" % (name, why), flush=True)
        print("[  FAILED  ] " + name, flush=True)
        self.failed.append(name)


def run_child(path, env):
    """The child's records, whether it finished, and how it ended."""
    started = time.monotonic()
    try:
        proc = subprocess.run([SYSTEM_PYTHON, os.path.abspath(__file__), "--child", path],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=TIME_LIMIT)
        out, err, status = proc.stdout, proc.stderr, proc.returncode
        ending = "exit status %d" % status if status >= 0 else "killed by signal %d" % -status
    except subprocess.TimeoutExpired as timeout:
        out = timeout.stdout.decode() if isinstance(timeout.stdout, bytes) else timeout.stdout or ""
        err, status = "", None
        ending = "no end after %d s (hang)" % TIME_LIMIT
    records = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    done = status == 0 and records and records[-1].get("done")
    if err.strip() and not done:
        print(err.strip()[-2000:])
    return records, bool(done), ending, time.monotonic() - started


def judge_strict(label, name, record, steps, on_shim, report, used):
    """A strict vector passes when every difference is an allowed one."""
    unexplained = []
    for diff in record["diffs"]:
        key = (name, record["id"], diff["step"])
        allowed = ALLOWED.get(key) if on_shim else None
        if (allowed and allowed["libolm"] == diff["want"] and allowed["cliquet"] == diff["got"]
                and allowed["check"](steps[diff["step"]])):
            used.add(key)
            print("[ ALLOWED  ] %s %s step %d %s: libolm %s, cliquet %s: %s, %s "
                  "Intentional differences %d (%s)" % (
                      label, record["id"], diff["step"], diff["do"], diff["want"], diff["got"],
                      allowed["why"], DOC, allowed["entry"], allowed["title"]))
            continue
        unexplained.append(diff)
        print("[  DIFFER  ] %s %s step %d %s %s: want %s, got %s" % (
            label, record["id"], diff["step"], diff["do"], diff["obj"], diff["want"], diff["got"]))
    test = "%s %s: %s" % (label, name, record["id"])
    if unexplained:
        report.ko(test, "%d step(s) differ" % len(unexplained))
    else:
        report.ok(test)


def judge_lenient(label, name, record, report):
    """Lenient: reaching the end is the test; differences are warnings."""
    kinds = collections.Counter("%s: %s -> %s" % (d["do"], d["want"], d["got"])
                                for d in record["diffs"])
    test = "%s %s: %s (%d steps, %d differences)" % (
        label, name, record["id"], record["steps"], len(record["diffs"]))
    for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        print("[ WARNING  ] %s %s: %dx %s" % (label, record["id"], count, kind))
    report.ok(test)


def run_library(label, env, expect_library, on_shim, report, used):
    for name in FILES:
        path = os.path.join(VECTOR_DIR, name)
        with open(path) as f:
            vectors = {v["id"]: v["steps"] for v in json.load(f)["vectors"]}
        total = len(vectors)
        records, done, ending, seconds = run_child(path, env)
        info = records[0] if records and "library" in records[0] else {}
        if not info or os.path.realpath(info["library"]) != os.path.realpath(expect_library):
            report.ko("%s %s: libolm mapped" % (label, name),
                      "expected %s, mapped %s" % (expect_library, info.get("library", "nothing")))
            continue
        results = [r for r in records if "diffs" in r]
        strict = [r for r in results if not r["lenient"]]
        lenient = [r for r in results if r["lenient"]]
        for record in strict:
            judge_strict(label, name, record, vectors[record["id"]], on_shim, report, used)
        for record in lenient:
            judge_lenient(label, name, record, report)
        steps = sum(r["steps"] for r in results)
        print("peer vectors %s (%s %s) %s: %d vectors (strict %d, lenient %d), %d steps, "
              "%d differences in lenient vectors, %.1f s" % (
                  label, info["library"], info["version"], name, len(results), len(strict),
                  len(lenient), steps, sum(len(r["diffs"]) for r in lenient), seconds))
        if not done or len(results) != total:
            begun = [r["begin"] for r in records if "begin" in r]
            report.ko("%s %s: ran %d of %d vectors" % (label, name, len(results), total),
                      "%s, in vector %s" % (ending, begun[-1] if begun else "none"))


def main():
    shim_dir, sanitize = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "")
    report, used = Report(), set()
    entries = documented_entries()
    for key, allowed in sorted(ALLOWED.items()):
        if entries.get(allowed["entry"]) != allowed["title"]:
            report.ko("allowed difference %s %s step %d" % key,
                      "%s has no intentional difference %d titled %r (found %r)" % (
                          DOC, allowed["entry"], allowed["title"],
                          entries.get(allowed["entry"])))
    env = dict(os.environ)
    env.pop("LD_LIBRARY_PATH", None)
    env.pop("LD_PRELOAD", None)
    run_library("libolm", env, DEBIAN_LIBOLM, False, report, used)
    shim_env = dict(env, LD_LIBRARY_PATH=shim_dir)
    if sanitize == "1":
        # python3 is not built with the sanitizers: load their runtimes first.
        runtimes = [subprocess.run(["gcc", "-print-file-name=lib%s.so" % n],
                                   stdout=subprocess.PIPE, universal_newlines=True,
                                   check=True).stdout.strip() for n in ("asan", "ubsan")]
        shim_env.update(LD_PRELOAD=" ".join(runtimes), ASAN_OPTIONS="detect_leaks=0")
    run_library("cliquet", shim_env, os.path.join(shim_dir, "libolm.so.3"), True, report, used)
    for key in sorted(set(ALLOWED) - used):
        print("[ WARNING  ] allowed difference not seen (the shim now agrees with libolm?): "
              "%s %s step %d" % key)
    print("[  PASSED  ] %d test(s)." % report.passed)
    if report.failed:
        print("[  FAILED  ] %d test(s), listed below:" % len(report.failed))
        for name in report.failed:
            print("[  FAILED  ] " + name)
    return 1 if report.failed else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
        sys.exit(0)
    sys.exit(main())
