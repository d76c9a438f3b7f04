//! TLS settings shared by the HTTP client and the websocket client.
//!
//! Verification is on by default against the platform's roots (`native-roots` feature) and/or
//! Mozilla's roots compiled in (`webpki-roots` feature). A CA bundle replaces those roots, as the
//! Python driver's `verify=<path>` does. `danger_accept_invalid_certs` accepts any certificate
//! (signatures are still checked) and logs a warning each time a client is built with it.

use std::fmt;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::error::Error;

/// Which certificates to trust.
///
/// ```
/// use mm_transport::{BaseUrl, TlsConfig, Transport};
///
/// // The default: the platform's roots (and/or Mozilla's, by feature).
/// let tls = TlsConfig::new();
/// assert!(!tls.accepts_invalid_certs());
///
/// let transport = Transport::builder(BaseUrl::parse("https://chat.example.com")?)
///     .tls(tls)
///     .build()?;
///
/// // A test server with a self-signed certificate (better: give its CA bundle).
/// let test_only = TlsConfig::new().danger_accept_invalid_certs(true);
/// assert!(test_only.accepts_invalid_certs());
/// # Ok::<(), mm_transport::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct TlsConfig {
    ca_bundle: Option<Arc<Vec<CertificateDer<'static>>>>,
    danger_accept_invalid_certs: bool,
}

impl fmt::Debug for TlsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsConfig")
            .field("ca_bundle_certs", &self.ca_bundle.as_ref().map(|c| c.len()))
            .field(
                "danger_accept_invalid_certs",
                &self.danger_accept_invalid_certs,
            )
            .finish()
    }
}

impl TlsConfig {
    /// Verify against the platform's roots.
    pub fn new() -> Self {
        Self::default()
    }

    /// Trust exactly the certificates of a PEM bundle file.
    ///
    /// The file is read and checked now, so that a bad bundle fails when the client is built.
    ///
    /// ```no_run
    /// use mm_transport::TlsConfig;
    ///
    /// let tls = TlsConfig::new().with_ca_file("/etc/ssl/certs/company-ca.pem")?;
    /// # Ok::<(), mm_transport::Error>(())
    /// ```
    pub fn with_ca_file(self, path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let pem = std::fs::read(path).map_err(|e| {
            Error::config(format!(
                "could not read the CA bundle {}: {e}",
                path.display()
            ))
        })?;
        self.with_ca_pem(&pem).map_err(|e| {
            Error::config(format!("the CA bundle {} is unusable: {e}", path.display()))
        })
    }

    /// Trust exactly the certificates of a PEM bundle in memory.
    ///
    /// ```
    /// use mm_transport::{ErrorKind, TlsConfig};
    ///
    /// // A bundle embedded in the binary: `include_bytes!("company-ca.pem")`.
    /// let error = TlsConfig::new().with_ca_pem(b"not a certificate").unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::InvalidConfig);
    /// ```
    pub fn with_ca_pem(mut self, pem: &[u8]) -> Result<Self, Error> {
        let certs = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| Error::config(format!("the CA bundle is not valid PEM ({e})")))?;
        if certs.is_empty() {
            return Err(Error::config(
                "the CA bundle holds no certificate (expected PEM `BEGIN CERTIFICATE` blocks)",
            ));
        }
        // Check each certificate now, so that a bad bundle fails at build time.
        let mut store = RootCertStore::empty();
        for cert in &certs {
            store.add(cert.clone()).map_err(|e| {
                Error::config(format!("the CA bundle holds an unusable certificate ({e})"))
            })?;
        }
        self.ca_bundle = Some(Arc::new(certs));
        Ok(self)
    }

    /// Accept any certificate. Only for test servers: it makes the connection open to
    /// interception. A warning is logged whenever a client is built with it.
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.danger_accept_invalid_certs = accept;
        self
    }

    /// Whether invalid certificates are accepted.
    pub fn accepts_invalid_certs(&self) -> bool {
        self.danger_accept_invalid_certs
    }

    /// A rustls client configuration with these settings and the given ALPN protocols
    /// (`h2`, `http/1.1`; none for websockets).
    ///
    /// ```
    /// use mm_transport::TlsConfig;
    ///
    /// let config = TlsConfig::new().client_config(&[b"h2", b"http/1.1"])?;
    /// assert_eq!(config.alpn_protocols, [b"h2".to_vec(), b"http/1.1".to_vec()]);
    /// # Ok::<(), mm_transport::Error>(())
    /// ```
    pub fn client_config(&self, alpn: &[&[u8]]) -> Result<ClientConfig, Error> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::config(format!("unsupported TLS settings ({e})")))?;
        let mut config = if self.danger_accept_invalid_certs {
            tracing::warn!(
                "TLS certificate verification is disabled (danger_accept_invalid_certs): \
                 connections can be intercepted; use a CA bundle instead"
            );
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider)))
                .with_no_client_auth()
        } else {
            let roots = match &self.ca_bundle {
                Some(certs) => {
                    let mut store = RootCertStore::empty();
                    store.add_parsable_certificates(certs.iter().cloned());
                    Arc::new(store)
                }
                None => platform_roots(),
            };
            builder.with_root_certificates(roots).with_no_client_auth()
        };
        config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
        Ok(config)
    }
}

/// The platform's roots, loaded once per process.
fn platform_roots() -> Arc<RootCertStore> {
    static ROOTS: OnceLock<Arc<RootCertStore>> = OnceLock::new();
    ROOTS
        .get_or_init(|| {
            #[allow(unused_mut)]
            let mut store = RootCertStore::empty();
            #[cfg(feature = "native-roots")]
            {
                let loaded = rustls_native_certs::load_native_certs();
                for error in &loaded.errors {
                    tracing::warn!(%error, "could not load a platform root certificate");
                }
                store.add_parsable_certificates(loaded.certs);
            }
            #[cfg(feature = "webpki-roots")]
            store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            if store.is_empty() {
                tracing::warn!(
                    "no root certificates found: https connections will fail; install the \
                     platform's CA certificates, enable the `webpki-roots` feature, or give a CA bundle"
                );
            }
            Arc::new(store)
        })
        .clone()
}

/// Accepts any server certificate but still checks handshake signatures.
#[derive(Debug)]
struct AcceptAnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
