#!/usr/bin/env python3
"""Seeds modproxy disk storage with N modules for the registry benchmark (bench/proxy/registry.sh).

Writes Go's proxy layout as modproxy's disk storage does (<escpath>/@v/<v>.zip, .mod, .ziphash,
then .info last, and the @v/list): module example.com/mNNNNN, VERSIONS tagged versions each, a
README.md (a heading, a first paragraph with a few words from a small vocabulary, a usage
section), a LICENSE on most, and requirements on up to 4 lower-numbered modules (so "used by"
has a long tail and a few popular modules). The .ziphash is Go's dirhash h1 of the zip.

  seed-registry.py <storage dir> [modules=10000] [versions=2] [seed=1]
"""
import base64, hashlib, io, json, os, random, sys, zipfile

root = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
versions = int(sys.argv[3]) if len(sys.argv) > 3 else 2
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
words = ("fast json yaml http client server cache retry metrics logging config parser "
         "crypto hash graph queue pool stream buffer tensor image codec sql orm auth token").split()

def h1(files):
    lines = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files))
    return "h1:" + base64.b64encode(hashlib.sha256(lines.encode()).digest()).decode()

def path_of(i):
    return f"example.com/m{i:05d}"

for i in range(n):
    path = path_of(i)
    d = os.path.join(root, path, "@v")
    os.makedirs(d, exist_ok=True)
    desc = " ".join(rng.sample(words, 4))
    reqs = sorted({path_of(rng.randrange(0, i)) for _ in range(rng.randrange(0, 5))}) if i > 0 else []
    tagged = []
    for v in range(versions):
        ver = f"v1.{v}.0"
        tagged.append(ver)
        mod = f"module {path}\n"
        if reqs:
            mod += "\nrequire (\n" + "".join(f"\t{r} v1.0.0\n" for r in reqs) + ")\n"
        if v == versions - 1 and versions > 1 and i % 50 == 0:
            mod += "\nretract v1.0.0 // a bad release\n"
        readme = f"# {path}\n\nModule {i}: {desc} for .NET.\n\n## Usage\n\n```\ndotnet mod get {path}@{ver}\n```\n\nSee [the docs](https://example.com/docs/{i}).\n"
        files = [("module.mod", mod.encode()), ("README.md", readme.encode()), (f"src/M{i}.cs", f"namespace M{i}; public static class V {{ public const string Version = \"{ver}\"; }}\n".encode())]
        if i % 7 != 0:
            files.append(("LICENSE", b"MIT License\n"))
        names = [(f"{path}@{ver}/{name}", data) for name, data in files]
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in names:
                z.writestr(zipfile.ZipInfo(name, (2024, 1, 2, 3, 4, 5)), data)
        open(os.path.join(d, ver + ".zip"), "wb").write(buf.getvalue())
        open(os.path.join(d, ver + ".mod"), "w").write(mod)
        open(os.path.join(d, ver + ".ziphash"), "w").write(h1(names))
        open(os.path.join(d, ver + ".info"), "w").write(json.dumps({"Version": ver, "Time": f"2024-0{1 + v % 9}-02T03:04:05Z"}))
    open(os.path.join(d, "list"), "w").write("".join(v + "\n" for v in tagged))
print(f"seeded {n} modules x {versions} versions under {root}", file=sys.stderr)
