// Command oracle holds ModuleSdk's checksum database to Go's own code: x/mod's sumdb/note and
// sumdb/tlog, built in GOPATH mode from Debian's golang-golang-x-mod-dev (offline).
//
//	oracle check-server <url> <vkey> <module@version>...
//		checks a running server with note.Open, tlog.ParseRecord, tlog.TileHashReader,
//		tlog.CheckRecord and tlog.CheckTree: every lookup's record is in its signed tree, the
//		tree grows consistently, the data tiles hold the records; exits 1 on the first failure.
//	oracle vectors <skey>
//		writes JSON made by Go: notes signed by Go (and tampered ones), a log of records with its
//		tree hashes, record and tree proofs, tiles and tile paths, for the C# side to check.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/ioutil"
	"net/http"
	"os"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: oracle check-server|vectors ...")
	}
	switch os.Args[1] {
	case "check-server":
		checkServer(os.Args[2], os.Args[3], os.Args[4:])
	case "vectors":
		vectors(os.Args[2])
	default:
		fail("unknown command %s", os.Args[1])
	}
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "oracle: "+format+"\n", args...)
	os.Exit(1)
}

func get(url string) []byte {
	resp, err := http.Get(url)
	if err != nil {
		fail("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	data, err := ioutil.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		fail("GET %s: %d %v %s", url, resp.StatusCode, err, data)
	}
	return data
}

// httpTiles reads tiles from the server; TileHashReader checks them against the signed tree.
type httpTiles struct{ url string }

func (r httpTiles) Height() int { return 8 }
func (r httpTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	var out [][]byte
	for _, t := range tiles {
		out = append(out, get(r.url+"/"+t.Path()))
	}
	return out, nil
}
func (r httpTiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

func openTree(msg []byte, verifiers note.Verifiers) tlog.Tree {
	n, err := note.Open(msg, verifiers)
	if err != nil {
		fail("note.Open: %v\n%s", err, msg)
	}
	tree, err := tlog.ParseTree([]byte(n.Text))
	if err != nil {
		fail("tlog.ParseTree: %v", err)
	}
	return tree
}

func checkServer(url, vkey string, mods []string) {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		fail("note.NewVerifier: %v", err)
	}
	verifiers := note.VerifierList(v)
	first := openTree(get(url+"/latest"), verifiers)
	var last tlog.Tree
	for _, m := range mods {
		msg := get(url + "/lookup/" + m)
		id, text, signed, err := tlog.ParseRecord(msg)
		if err != nil {
			fail("tlog.ParseRecord(%s): %v", m, err)
		}
		tree := openTree(signed, verifiers)
		if id >= tree.N {
			fail("%s: record %d not in tree of size %d", m, id, tree.N)
		}
		thr := tlog.TileHashReader(tree, httpTiles{url})
		proof, err := tlog.ProveRecord(tree.N, id, thr)
		if err != nil {
			fail("%s: ProveRecord: %v", m, err)
		}
		if err := tlog.CheckRecord(proof, tree.N, tree.Hash, id, tlog.RecordHash(text)); err != nil {
			fail("%s: CheckRecord: %v", m, err)
		}
		path, err := module.UnescapePath(strings.SplitN(m, "@", 2)[0])
		if err != nil {
			fail("%s: %v", m, err)
		}
		if !bytes.HasPrefix(text, []byte(path+" ")) {
			fail("%s: record is for another module: %q", m, text)
		}
		// The data tile holds the same record, as Go's server writes it.
		dt := tlog.Tile{H: 8, L: -1, N: id >> 8, W: int(tree.N - id>>8<<8)}
		if dt.W > 256 {
			dt.W = 256
		}
		records := bytes.Split(get(url+"/"+dt.Path()), []byte("\n\n"))
		if got := append(records[id&255], '\n'); !bytes.Equal(got, text) {
			fail("%s: data tile %s has %q, lookup %q", m, dt.Path(), got, text)
		}
		if last.N > 0 && tree.N >= last.N {
			checkTree(url, last, tree)
		}
		last = tree
		fmt.Printf("ok %s %d %d\n", m, id, tree.N)
	}
	if first.N > 0 && last.N >= first.N {
		checkTree(url, first, last)
	}
}

func checkTree(url string, older, newer tlog.Tree) {
	thr := tlog.TileHashReader(newer, httpTiles{url})
	p, err := tlog.ProveTree(newer.N, older.N, thr)
	if err != nil {
		fail("ProveTree(%d, %d): %v", newer.N, older.N, err)
	}
	if err := tlog.CheckTree(p, newer.N, newer.Hash, older.N, older.Hash); err != nil {
		fail("CheckTree(%d, %d): %v", newer.N, older.N, err)
	}
}

type hashes []tlog.Hash

func (h hashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		out[i] = h[x]
	}
	return out, nil
}

type noteVector struct {
	Signed string `json:"signed"`
	Text   string `json:"text"`
	Want   string `json:"want"` // ok, badsig, unverified, malformed
}

type proofVector struct {
	T     int64       `json:"t"`
	N     int64       `json:"n"`
	Proof []tlog.Hash `json:"proof"`
}

type tileVector struct {
	H    int    `json:"h"`
	L    int    `json:"l"`
	N    int64  `json:"n"`
	W    int    `json:"w"`
	Path string `json:"path"`
	Data string `json:"data,omitempty"`
}

func vectors(skey string) {
	s, err := note.NewSigner(skey)
	if err != nil {
		fail("note.NewSigner: %v", err)
	}
	out := map[string]interface{}{}
	text := "go.sum database tree\n300\nFKQQe4L2Bg4yN6KPKg2gQQU2ZRfA1rAyEv7cEFXdV3s=\n"
	signed, err := note.Sign(&note.Note{Text: text}, s)
	if err != nil {
		fail("note.Sign: %v", err)
	}
	otherSkey, _, _ := note.GenerateKey(nil, s.Name())
	other, _ := note.NewSigner(otherSkey)
	byOther, _ := note.Sign(&note.Note{Text: text}, other)
	both, _ := note.Sign(&note.Note{Text: text}, other, s)
	sig := string(signed[len(text)+1:])
	notes := []noteVector{
		{string(signed), text, "ok"},
		{string(both), text, "ok"},
		{strings.Replace(string(signed), "300", "301", 1), "", "badsig"},
		{text + "\n" + strings.Replace(sig, sig[len(sig)-6:len(sig)-2], "AAAA", 1), "", "badsig"},
		{string(byOther), "", "unverified"},
		{text + sig, "", "malformed"},
	}
	out["notes"] = notes

	// A log of 300 records, the tree hash at every size, proofs as Go makes them.
	var stored hashes
	var records []string
	var trees []tlog.Hash
	for i := int64(0); i < 300; i++ {
		rec := fmt.Sprintf("example.org/m%d v1.0.0 h1:%s\nexample.org/m%d v1.0.0/go.mod h1:%s\n", i, b64(i), i, b64(i+1000))
		h, err := tlog.StoredHashes(i, []byte(rec), stored)
		if err != nil {
			fail("StoredHashes: %v", err)
		}
		stored = append(stored, h...)
		records = append(records, rec)
		th, err := tlog.TreeHash(i+1, stored)
		if err != nil {
			fail("TreeHash: %v", err)
		}
		trees = append(trees, th)
	}
	out["records"] = records
	out["trees"] = trees
	var rp, tp []proofVector
	for _, t := range []int64{1, 2, 3, 7, 8, 100, 255, 256, 257, 300} {
		for _, n := range []int64{0, 1, 5, 100, 254, 255, 256, 299} {
			if n < t {
				p, err := tlog.ProveRecord(t, n, stored)
				if err != nil {
					fail("ProveRecord: %v", err)
				}
				rp = append(rp, proofVector{t, n, p})
			}
			if n >= 1 && n <= t {
				p, err := tlog.ProveTree(t, n, stored)
				if err != nil {
					fail("ProveTree: %v", err)
				}
				tp = append(tp, proofVector{t, n, p})
			}
		}
	}
	out["recordProofs"] = rp
	out["treeProofs"] = tp

	var tiles []tileVector
	for _, t := range tlog.NewTiles(8, 0, 300) {
		data, err := tlog.ReadTileData(t, stored)
		if err != nil {
			fail("ReadTileData: %v", err)
		}
		tiles = append(tiles, tileVector{t.H, t.L, t.N, t.W, t.Path(), base64.StdEncoding.EncodeToString(data)})
	}
	for _, t := range []tlog.Tile{{H: 8, L: 0, N: 1234, W: 256}, {H: 8, L: -1, N: 1234067, W: 5}, {H: 3, L: 2, N: 999, W: 8}, {H: 30, L: 63, N: 1000, W: 1}} {
		tiles = append(tiles, tileVector{H: t.H, L: t.L, N: t.N, W: t.W, Path: t.Path()})
	}
	out["tiles"] = tiles
	var idx [][3]int64
	for _, x := range []int64{0, 1, 2, 3, 100, 511, 512, 1000, 123456} {
		l, n := tlog.SplitStoredHashIndex(x)
		idx = append(idx, [3]int64{x, int64(l), n})
	}
	out["storedHashIndexes"] = idx
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fail("json: %v", err)
	}
}

func b64(i int64) string {
	var b [32]byte
	b[0], b[1] = byte(i), byte(i>>8)
	return base64.StdEncoding.EncodeToString(b[:])
}
