package org.somaxis.conformance;

import org.somaxis.conformance.PackageBuilder.FhirPackage;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Serves the FHIR package at {@code /packages/somaxis.fhir-<version>.tgz} (and {@code /packages/somaxis.fhir}). */
@RestController
public final class PackageDownloadController {
	private final FhirPackage fhirPackage;

	public PackageDownloadController(FhirPackage fhirPackage) {
		this.fhirPackage = fhirPackage;
	}

	@GetMapping("/packages/{fileName:.+}")
	public ResponseEntity<byte[]> download(@PathVariable String fileName) {
		if (!fileName.equals(fhirPackage.fileName()) && !fileName.equals(PackageBuilder.PACKAGE_NAME)) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok()
				.contentType(MediaType.parseMediaType("application/gzip"))
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fhirPackage.fileName() + "\"")
				.header(HttpHeaders.ETAG, "\"" + fhirPackage.sha256() + "\"")
				.body(fhirPackage.bytes());
	}
}
