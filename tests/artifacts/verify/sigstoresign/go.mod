module lookout.test/sigstoresign

go 1.24

require (
	github.com/opencontainers/go-digest v1.0.0
	github.com/opencontainers/image-spec v1.1.1
	github.com/sigstore/protobuf-specs v0.5.0
	google.golang.org/protobuf v1.36.6
	oras.land/oras-go/v2 v2.5.0
)

require (
	golang.org/x/sync v0.6.0 // indirect
	google.golang.org/genproto v0.0.0-20230706204954-ccb25ca9f130 // indirect
	google.golang.org/genproto/googleapis/api v0.0.0-20230726155614-23370e0ffb3e // indirect
)
