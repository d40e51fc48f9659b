// Command sigstoresign signs an artifact in an OCI registry the way `cosign sign
// --new-bundle-format` does with keyless signing, against a private, offline Sigstore it makes
// up: a Fulcio-like CA (root and intermediate) issuing short-lived leaf certificates with the
// OIDC issuer extensions, an identity SAN and an embedded SCT from a CT log key, and a Rekor-like
// log whose key signs the inclusion promise and the checkpoint of a (one-leaf) inclusion proof.
//
// sigstore-go's testing/ca.VirtualSigstore was the first choice, but its leaf certificates carry
// no SCT, its DSSE log entries are intoto/0.0.2 (sigstore-python accepts only dsse/0.0.1 for
// DSSE, as Rekor v1 records cosign's bundles), and its keys are unexported, so several runs
// could not share one root. This program builds the same material with the standard library.
//
// The keys live in a state file so several signatures share one trusted root; the trusted root
// is written as a protobuf-specs TrustedRoot (protojson), the bundle as a v0.3 Bundle, pushed as
// an OCI referrer (oras-go maintains the `sha256-<hex>` fallback tag index for registries
// without the referrers API, as cosign's go-containerregistry does).
package main

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/opencontainers/go-digest"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	protobundle "github.com/sigstore/protobuf-specs/gen/pb-go/bundle/v1"
	protocommon "github.com/sigstore/protobuf-specs/gen/pb-go/common/v1"
	protodsse "github.com/sigstore/protobuf-specs/gen/pb-go/dsse"
	protorekor "github.com/sigstore/protobuf-specs/gen/pb-go/rekor/v1"
	prototrustroot "github.com/sigstore/protobuf-specs/gen/pb-go/trustroot/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/timestamppb"
	"oras.land/oras-go/v2/registry/remote"
)

const (
	bundleMediaType = "application/vnd.dev.sigstore.bundle.v0.3+json"
	inToto          = "application/vnd.in-toto+json"
	cosignPredicate = "https://sigstore.dev/cosign/sign/v1"
	logOrigin       = "rekor.lookout.test"
)

var (
	oidIssuerV1 = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 1}
	oidIssuerV2 = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 8}
	oidSCTList  = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11129, 2, 4, 2}
)

// state is the private Sigstore: PEM keys and certificates, kept between runs.
type state struct {
	RootKey, RootCert                 string
	IntermediateKey, IntermediateCert string
	RekorKey, CTKey                   string
}

type sigstore struct {
	root, intermediate *x509.Certificate
	intermediateKey    *ecdsa.PrivateKey
	rekorKey, ctKey    *ecdsa.PrivateKey
}

func main() {
	statePath := flag.String("state", "", "state file of the private Sigstore (created if missing)")
	rootPath := flag.String("trusted-root", "", "write the trusted_root.json here")
	registry := flag.String("registry", "", "registry host:port (plain HTTP)")
	repository := flag.String("repository", "", "repository of the artifact")
	artifact := flag.String("digest", "", "manifest digest of the artifact to sign; empty: only make the root")
	names := flag.String("statement-digest", "", "name this digest in the statement instead (tampering)")
	subject := flag.String("subject", "", "OIDC subject (email, else URI SAN)")
	issuer := flag.String("issuer", "", "OIDC issuer")
	bundleOut := flag.String("bundle-out", "", "also write the bundle here")
	flag.Parse()
	if err := run(*statePath, *rootPath, *registry, *repository, *artifact, *names, *subject, *issuer,
		*bundleOut); err != nil {
		fmt.Fprintln(os.Stderr, "sigstoresign:", err)
		os.Exit(1)
	}
}

func run(statePath, rootPath, registry, repository, artifact, names, subject, issuer, bundleOut string) error {
	if statePath == "" {
		return errors.New("-state is required")
	}
	ss, err := loadOrCreate(statePath)
	if err != nil {
		return err
	}
	if rootPath != "" {
		raw, err := ss.trustedRoot()
		if err != nil {
			return err
		}
		if err := os.WriteFile(rootPath, raw, 0o644); err != nil {
			return err
		}
	}
	if artifact == "" {
		return nil
	}
	if names == "" {
		names = artifact
	}
	bundle, err := ss.sign(subject, issuer, names)
	if err != nil {
		return err
	}
	if bundleOut != "" {
		if err := os.WriteFile(bundleOut, bundle, 0o644); err != nil {
			return err
		}
	}
	return push(context.Background(), registry, repository, artifact, bundle)
}

// ------------------------------------------------------------------------------------ the CA

func newKey() (*ecdsa.PrivateKey, error) { return ecdsa.GenerateKey(elliptic.P256(), rand.Reader) }

func serial() (*big.Int, error) {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, err
	}
	return n.Add(n, big.NewInt(1)), nil
}

func keyID(pub crypto.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(der)
	return sum[:], nil
}

func createCA() (*sigstore, error) {
	now := time.Now()
	rootKey, err := newKey()
	if err != nil {
		return nil, err
	}
	ski, _ := keyID(rootKey.Public())
	sn, err := serial()
	if err != nil {
		return nil, err
	}
	rootTmpl := &x509.Certificate{
		SerialNumber:          sn,
		Subject:               pkix.Name{CommonName: "lookout-test-sigstore", Organization: []string{"lookout.test"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLen:            1,
		SubjectKeyId:          ski[:20],
	}
	rootDER, err := x509.CreateCertificate(rand.Reader, rootTmpl, rootTmpl, rootKey.Public(), rootKey)
	if err != nil {
		return nil, err
	}
	root, err := x509.ParseCertificate(rootDER)
	if err != nil {
		return nil, err
	}
	interKey, err := newKey()
	if err != nil {
		return nil, err
	}
	ski, _ = keyID(interKey.Public())
	if sn, err = serial(); err != nil {
		return nil, err
	}
	interTmpl := &x509.Certificate{
		SerialNumber:          sn,
		Subject:               pkix.Name{CommonName: "lookout-test-sigstore-intermediate", Organization: []string{"lookout.test"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageCodeSigning},
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
		SubjectKeyId:          ski[:20],
	}
	interDER, err := x509.CreateCertificate(rand.Reader, interTmpl, root, interKey.Public(), rootKey)
	if err != nil {
		return nil, err
	}
	inter, err := x509.ParseCertificate(interDER)
	if err != nil {
		return nil, err
	}
	rekorKey, err := newKey()
	if err != nil {
		return nil, err
	}
	ctKey, err := newKey()
	if err != nil {
		return nil, err
	}
	// The root key is not kept: it signs nothing after the intermediate.
	return &sigstore{root: root, intermediate: inter, intermediateKey: interKey, rekorKey: rekorKey, ctKey: ctKey}, nil
}

func pemKey(k *ecdsa.PrivateKey) (string, error) {
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return "", err
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), nil
}

func pemCert(c *x509.Certificate) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}))
}

func parseKey(s string) (*ecdsa.PrivateKey, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil, errors.New("state: bad key PEM")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	ec, ok := k.(*ecdsa.PrivateKey)
	if !ok {
		return nil, errors.New("state: not an ECDSA key")
	}
	return ec, nil
}

func parseCert(s string) (*x509.Certificate, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil, errors.New("state: bad certificate PEM")
	}
	return x509.ParseCertificate(block.Bytes)
}

func loadOrCreate(path string) (*sigstore, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		ss, err := createCA()
		if err != nil {
			return nil, err
		}
		st := state{RootCert: pemCert(ss.root), IntermediateCert: pemCert(ss.intermediate)}
		for dst, k := range map[*string]*ecdsa.PrivateKey{
			&st.IntermediateKey: ss.intermediateKey, &st.RekorKey: ss.rekorKey, &st.CTKey: ss.ctKey,
		} {
			if *dst, err = pemKey(k); err != nil {
				return nil, err
			}
		}
		out, err := json.Marshal(st)
		if err != nil {
			return nil, err
		}
		return ss, os.WriteFile(path, out, 0o600)
	}
	if err != nil {
		return nil, err
	}
	var st state
	if err := json.Unmarshal(raw, &st); err != nil {
		return nil, err
	}
	ss := &sigstore{}
	if ss.root, err = parseCert(st.RootCert); err != nil {
		return nil, err
	}
	if ss.intermediate, err = parseCert(st.IntermediateCert); err != nil {
		return nil, err
	}
	if ss.intermediateKey, err = parseKey(st.IntermediateKey); err != nil {
		return nil, err
	}
	if ss.rekorKey, err = parseKey(st.RekorKey); err != nil {
		return nil, err
	}
	if ss.ctKey, err = parseKey(st.CTKey); err != nil {
		return nil, err
	}
	return ss, nil
}

// trustedRoot is the public material, as Sigstore's TUF repository distributes it.
func (ss *sigstore) trustedRoot() ([]byte, error) {
	start := timestamppb.New(ss.root.NotBefore)
	logInstance := func(k *ecdsa.PrivateKey, base string) (*prototrustroot.TransparencyLogInstance, error) {
		der, err := x509.MarshalPKIXPublicKey(k.Public())
		if err != nil {
			return nil, err
		}
		id, err := keyID(k.Public())
		if err != nil {
			return nil, err
		}
		return &prototrustroot.TransparencyLogInstance{
			BaseUrl:       base,
			HashAlgorithm: protocommon.HashAlgorithm_SHA2_256,
			PublicKey: &protocommon.PublicKey{
				RawBytes:   der,
				KeyDetails: protocommon.PublicKeyDetails_PKIX_ECDSA_P256_SHA_256,
				ValidFor:   &protocommon.TimeRange{Start: start},
			},
			LogId: &protocommon.LogId{KeyId: id},
		}, nil
	}
	rekor, err := logInstance(ss.rekorKey, "https://"+logOrigin)
	if err != nil {
		return nil, err
	}
	ct, err := logInstance(ss.ctKey, "https://ctfe.lookout.test")
	if err != nil {
		return nil, err
	}
	tr := &prototrustroot.TrustedRoot{
		MediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
		Tlogs:     []*prototrustroot.TransparencyLogInstance{rekor},
		CertificateAuthorities: []*prototrustroot.CertificateAuthority{{
			Subject: &protocommon.DistinguishedName{Organization: "lookout.test", CommonName: "lookout-test-sigstore"},
			Uri:     "https://fulcio.lookout.test",
			CertChain: &protocommon.X509CertificateChain{Certificates: []*protocommon.X509Certificate{
				{RawBytes: ss.intermediate.Raw}, {RawBytes: ss.root.Raw},
			}},
			ValidFor: &protocommon.TimeRange{Start: start},
		}},
		Ctlogs: []*prototrustroot.TransparencyLogInstance{ct},
	}
	return protojson.MarshalOptions{Multiline: true}.Marshal(tr)
}

// -------------------------------------------------------------------------------- "Fulcio"

// leaf issues a certificate for the identity the way Fulcio does: precertificate TBS signed by
// the CT log (an SCT), then the final certificate with that SCT embedded.
func (ss *sigstore) leaf(subject, issuer string, pub crypto.PublicKey, now time.Time) (*x509.Certificate, error) {
	issuerV2, err := asn1.MarshalWithParams(issuer, "utf8")
	if err != nil {
		return nil, err
	}
	ski, err := keyID(pub)
	if err != nil {
		return nil, err
	}
	sn, err := serial()
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: sn,
		NotBefore:    now.Add(-time.Minute),
		NotAfter:     now.Add(10 * time.Minute),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageCodeSigning},
		SubjectKeyId: ski[:20],
		ExtraExtensions: []pkix.Extension{
			{Id: oidIssuerV1, Value: []byte(issuer)},
			{Id: oidIssuerV2, Value: issuerV2},
		},
	}
	if strings.Contains(subject, "@") && !strings.Contains(subject, "://") {
		tmpl.EmailAddresses = []string{subject}
	} else {
		u, err := url.Parse(subject)
		if err != nil {
			return nil, err
		}
		tmpl.URIs = []*url.URL{u}
	}
	preDER, err := x509.CreateCertificate(rand.Reader, tmpl, ss.intermediate, pub, ss.intermediateKey)
	if err != nil {
		return nil, err
	}
	pre, err := x509.ParseCertificate(preDER)
	if err != nil {
		return nil, err
	}
	sct, err := ss.sct(pre.RawTBSCertificate, now)
	if err != nil {
		return nil, err
	}
	// The SCT extension goes last, so removing it gives back the precertificate's TBS exactly.
	tmpl.ExtraExtensions = append(tmpl.ExtraExtensions, pkix.Extension{Id: oidSCTList, Value: sct})
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ss.intermediate, pub, ss.intermediateKey)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

// sct is the DER value of the embedded SCT list extension (RFC 6962 3.2, precert_entry).
func (ss *sigstore) sct(tbs []byte, now time.Time) ([]byte, error) {
	issuerKeyHash, err := keyID(ss.intermediate.PublicKey)
	if err != nil {
		return nil, err
	}
	logID, err := keyID(ss.ctKey.Public())
	if err != nil {
		return nil, err
	}
	ts := uint64(now.UnixMilli())
	var signed bytes.Buffer
	signed.Write([]byte{0, 0}) // v1, certificate_timestamp
	_ = binary.Write(&signed, binary.BigEndian, ts)
	_ = binary.Write(&signed, binary.BigEndian, uint16(1)) // precert_entry
	signed.Write(issuerKeyHash)
	signed.Write([]byte{byte(len(tbs) >> 16), byte(len(tbs) >> 8), byte(len(tbs))})
	signed.Write(tbs)
	signed.Write([]byte{0, 0}) // no extensions
	digest := sha256.Sum256(signed.Bytes())
	sig, err := ecdsa.SignASN1(rand.Reader, ss.ctKey, digest[:])
	if err != nil {
		return nil, err
	}
	var one bytes.Buffer
	one.WriteByte(0) // v1
	one.Write(logID)
	_ = binary.Write(&one, binary.BigEndian, ts)
	one.Write([]byte{0, 0}) // no extensions
	one.Write([]byte{4, 3}) // sha256, ecdsa
	_ = binary.Write(&one, binary.BigEndian, uint16(len(sig)))
	one.Write(sig)
	var list bytes.Buffer
	_ = binary.Write(&list, binary.BigEndian, uint16(one.Len()+2))
	_ = binary.Write(&list, binary.BigEndian, uint16(one.Len()))
	list.Write(one.Bytes())
	return asn1.Marshal(list.Bytes())
}

// --------------------------------------------------------------------------------- "Rekor"

type hashValue struct {
	Algorithm string `json:"algorithm"`
	Value     string `json:"value"`
}

type dsseSignature struct {
	Signature string `json:"signature"`
	Verifier  string `json:"verifier"`
}

type dsseBody struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Spec       struct {
		EnvelopeHash hashValue       `json:"envelopeHash"`
		PayloadHash  hashValue       `json:"payloadHash"`
		Signatures   []dsseSignature `json:"signatures"`
	} `json:"spec"`
}

// logEntry records the envelope as Rekor v1 does (dsse/0.0.1), as the second leaf of a two-leaf
// log (an earlier entry is its sibling): the inclusion promise (SET) and the inclusion proof
// with its signed checkpoint.
func (ss *sigstore) logEntry(envelope []byte, payload, sig []byte, cert *x509.Certificate, now time.Time) (*protorekor.TransparencyLogEntry, error) {
	var body dsseBody
	body.APIVersion, body.Kind = "0.0.1", "dsse"
	envHash, payloadHash := sha256.Sum256(envelope), sha256.Sum256(payload)
	body.Spec.EnvelopeHash = hashValue{"sha256", hex.EncodeToString(envHash[:])}
	body.Spec.PayloadHash = hashValue{"sha256", hex.EncodeToString(payloadHash[:])}
	body.Spec.Signatures = []dsseSignature{{
		Signature: base64.StdEncoding.EncodeToString(sig),
		Verifier:  base64.StdEncoding.EncodeToString([]byte(pemCert(cert))),
	}}
	canonical, err := json.Marshal(body) // struct order is already the canonical (sorted) order
	if err != nil {
		return nil, err
	}
	logID, err := keyID(ss.rekorKey.Public())
	if err != nil {
		return nil, err
	}
	integrated := now.Unix()
	set, err := json.Marshal(struct {
		Body           string `json:"body"`
		IntegratedTime int64  `json:"integratedTime"`
		LogID          string `json:"logID"`
		LogIndex       int64  `json:"logIndex"`
	}{base64.StdEncoding.EncodeToString(canonical), integrated, hex.EncodeToString(logID), 1})
	if err != nil {
		return nil, err
	}
	setSig, err := ss.rekorSign(set)
	if err != nil {
		return nil, err
	}
	earlier := sha256.Sum256([]byte("\x00an earlier entry"))
	leafHash := sha256.Sum256(append([]byte{0}, canonical...))
	rootHash := sha256.Sum256(append(append([]byte{1}, earlier[:]...), leafHash[:]...))
	note := fmt.Sprintf("%s - 1\n2\n%s\n", logOrigin, base64.StdEncoding.EncodeToString(rootHash[:]))
	noteSig, err := ss.rekorSign([]byte(note))
	if err != nil {
		return nil, err
	}
	checkpoint := fmt.Sprintf("%s\n\u2014 %s %s\n", note, logOrigin,
		base64.StdEncoding.EncodeToString(append(append([]byte{}, logID[:4]...), noteSig...)))
	return &protorekor.TransparencyLogEntry{
		LogIndex:          1,
		LogId:             &protocommon.LogId{KeyId: logID},
		KindVersion:       &protorekor.KindVersion{Kind: "dsse", Version: "0.0.1"},
		IntegratedTime:    integrated,
		InclusionPromise:  &protorekor.InclusionPromise{SignedEntryTimestamp: setSig},
		CanonicalizedBody: canonical,
		InclusionProof: &protorekor.InclusionProof{
			LogIndex:   1,
			RootHash:   rootHash[:],
			TreeSize:   2,
			Hashes:     [][]byte{earlier[:]},
			Checkpoint: &protorekor.Checkpoint{Envelope: checkpoint},
		},
	}, nil
}

func (ss *sigstore) rekorSign(data []byte) ([]byte, error) {
	digest := sha256.Sum256(data)
	return ecdsa.SignASN1(rand.Reader, ss.rekorKey, digest[:])
}

// ---------------------------------------------------------------------------------- signing

func pae(payloadType string, payload []byte) []byte {
	return []byte(fmt.Sprintf("DSSEv1 %d %s %d %s", len(payloadType), payloadType, len(payload), payload))
}

// sign makes cosign's keyless `--new-bundle-format` bundle: an ephemeral key, a certificate for
// the identity, a DSSE envelope around the in-toto statement naming the digest, a log entry.
func (ss *sigstore) sign(subject, issuer, artifact string) ([]byte, error) {
	algorithm, hexDigest, ok := strings.Cut(artifact, ":")
	if !ok {
		return nil, fmt.Errorf("bad digest %q", artifact)
	}
	statement, err := json.Marshal(map[string]any{
		"_type":         "https://in-toto.io/Statement/v1",
		"subject":       []any{map[string]any{"digest": map[string]string{algorithm: hexDigest}}},
		"predicateType": cosignPredicate,
	})
	if err != nil {
		return nil, err
	}
	now := time.Now()
	key, err := newKey()
	if err != nil {
		return nil, err
	}
	cert, err := ss.leaf(subject, issuer, key.Public(), now)
	if err != nil {
		return nil, err
	}
	digest := sha256.Sum256(pae(inToto, statement))
	sig, err := ecdsa.SignASN1(rand.Reader, key, digest[:])
	if err != nil {
		return nil, err
	}
	envelope := &protodsse.Envelope{
		Payload:     statement,
		PayloadType: inToto,
		Signatures:  []*protodsse.Signature{{Sig: sig}},
	}
	envelopeJSON, err := protojson.Marshal(envelope)
	if err != nil {
		return nil, err
	}
	entry, err := ss.logEntry(envelopeJSON, statement, sig, cert, now)
	if err != nil {
		return nil, err
	}
	b := &protobundle.Bundle{
		MediaType: bundleMediaType,
		VerificationMaterial: &protobundle.VerificationMaterial{
			Content:     &protobundle.VerificationMaterial_Certificate{Certificate: &protocommon.X509Certificate{RawBytes: cert.Raw}},
			TlogEntries: []*protorekor.TransparencyLogEntry{entry},
		},
		Content: &protobundle.Bundle_DsseEnvelope{DsseEnvelope: envelope},
	}
	return protojson.Marshal(b)
}

// ----------------------------------------------------------------------------------- pushing

// push attaches the bundle as cosign 2.6 does: an OCI manifest with artifactType the bundle
// media type, the empty config, the bundle as its one layer, and the artifact as subject.
func push(ctx context.Context, registry, repository, artifact string, bundle []byte) error {
	repo, err := remote.NewRepository(registry + "/" + repository)
	if err != nil {
		return err
	}
	repo.PlainHTTP = true
	subject, err := repo.Resolve(ctx, artifact)
	if err != nil {
		return fmt.Errorf("resolve %s: %w", artifact, err)
	}
	upload := func(mediaType string, data []byte) (ocispec.Descriptor, error) {
		desc := ocispec.Descriptor{MediaType: mediaType, Digest: digest.FromBytes(data), Size: int64(len(data))}
		if exists, err := repo.Blobs().Exists(ctx, desc); err != nil || exists {
			return desc, err
		}
		return desc, repo.Blobs().Push(ctx, desc, bytes.NewReader(data))
	}
	config, err := upload("application/vnd.oci.empty.v1+json", []byte("{}"))
	if err != nil {
		return err
	}
	layer, err := upload(bundleMediaType, bundle)
	if err != nil {
		return err
	}
	manifest := ocispec.Manifest{
		Versioned:    ocispec.Manifest{}.Versioned,
		MediaType:    ocispec.MediaTypeImageManifest,
		ArtifactType: bundleMediaType,
		Config:       config,
		Layers:       []ocispec.Descriptor{layer},
		Subject:      &ocispec.Descriptor{MediaType: subject.MediaType, Digest: subject.Digest, Size: subject.Size},
		Annotations: map[string]string{
			"org.opencontainers.image.created":  time.Now().UTC().Format(time.RFC3339),
			"dev.sigstore.bundle.content":       "dsse-envelope",
			"dev.sigstore.bundle.predicateType": cosignPredicate,
		},
	}
	manifest.SchemaVersion = 2
	raw, err := json.Marshal(manifest)
	if err != nil {
		return err
	}
	desc := ocispec.Descriptor{MediaType: ocispec.MediaTypeImageManifest, Digest: digest.FromBytes(raw),
		Size: int64(len(raw)), ArtifactType: bundleMediaType, Annotations: manifest.Annotations}
	// Pushing a manifest with a subject makes oras-go update the fallback tag index when the
	// registry does not answer with OCI-Subject (no referrers API).
	return repo.Manifests().Push(ctx, desc, bytes.NewReader(raw))
}
