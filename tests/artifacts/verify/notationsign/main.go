// Command notationsign signs an artifact in an OCI registry the way `notation sign` does, using
// notation-go and notation-core-go, so the tests can exercise the verifier against real
// notation envelopes (the notation CLI module is not available from the module proxy).
//
// It builds the envelope itself rather than through notation.Sign so that tests can pin the
// signing time and expiry (expired signatures) or sign a different target digest (tampering).
package main

import (
	"context"
	"crypto"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/notaryproject/notation-core-go/signature"
	_ "github.com/notaryproject/notation-core-go/signature/cose"
	_ "github.com/notaryproject/notation-core-go/signature/jws"
	"github.com/notaryproject/notation-go/registry"
	"github.com/opencontainers/go-digest"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"oras.land/oras-go/v2/registry/remote"
)

func main() {
	ref := flag.String("ref", "", "artifact reference host/repo:tag or host/repo@digest")
	keyPath := flag.String("key", "", "PEM private key (PKCS#8, EC or RSA)")
	certPath := flag.String("certs", "", "PEM certificate chain, leaf first")
	media := flag.String("media-type", "cose", "cose or jws")
	signedAgo := flag.Duration("signed-ago", 0, "signing time in the past by this much")
	expiresIn := flag.Duration("expires-in", 0, "signature expiry relative to now (may be negative); 0 = none")
	target := flag.String("target-digest", "", "sign this digest instead of the resolved one")
	plain := flag.Bool("plain-http", false, "talk plain HTTP to the registry")
	flag.Parse()
	if err := run(*ref, *keyPath, *certPath, *media, *signedAgo, *expiresIn, *target, *plain); err != nil {
		fmt.Fprintln(os.Stderr, "notationsign:", err)
		os.Exit(1)
	}
}

func run(ref, keyPath, certPath, media string, signedAgo, expiresIn time.Duration, target string, plain bool) error {
	ctx := context.Background()
	key, certs, err := loadKeyAndCerts(keyPath, certPath)
	if err != nil {
		return err
	}
	repo, err := remote.NewRepository(ref)
	if err != nil {
		return err
	}
	repo.PlainHTTP = plain
	desc, err := repo.Resolve(ctx, repo.Reference.Reference)
	if err != nil {
		return fmt.Errorf("resolve %s: %w", ref, err)
	}
	signed := ocispec.Descriptor{MediaType: desc.MediaType, Digest: desc.Digest, Size: desc.Size}
	if target != "" {
		signed.Digest = digest.Digest(target)
	}
	payload, err := json.Marshal(map[string]any{"targetArtifact": signed})
	if err != nil {
		return err
	}
	mediaType := "application/cose"
	if media == "jws" {
		mediaType = "application/jose+json"
	}
	localSigner, err := signature.NewLocalSigner(certs, key)
	if err != nil {
		return err
	}
	now := time.Now()
	req := &signature.SignRequest{
		Payload:       signature.Payload{ContentType: "application/vnd.cncf.notary.payload.v1+json", Content: payload},
		Signer:        localSigner,
		SigningTime:   now.Add(-signedAgo),
		SigningScheme: signature.SigningSchemeX509,
		SigningAgent:  "lookout-notationsign/1.0",
	}
	if expiresIn != 0 {
		req.Expiry = now.Add(expiresIn)
	}
	env, err := signature.NewEnvelope(mediaType)
	if err != nil {
		return err
	}
	sig, err := env.Sign(req)
	if err != nil {
		return fmt.Errorf("sign: %w", err)
	}
	_, manifest, err := registry.NewRepository(repo).PushSignature(ctx, mediaType, sig, desc, nil)
	if err != nil {
		return fmt.Errorf("push signature: %w", err)
	}
	fmt.Println(manifest.Digest)
	return nil
}

func loadKeyAndCerts(keyPath, certPath string) (crypto.PrivateKey, []*x509.Certificate, error) {
	raw, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, nil, err
	}
	block, _ := pem.Decode(raw)
	if block == nil {
		return nil, nil, fmt.Errorf("no PEM block in %s", keyPath)
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, nil, err
	}
	rawCerts, err := os.ReadFile(certPath)
	if err != nil {
		return nil, nil, err
	}
	var certs []*x509.Certificate
	for {
		block, rawCerts = pem.Decode(rawCerts)
		if block == nil {
			break
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, nil, err
		}
		certs = append(certs, cert)
	}
	return key, certs, nil
}
