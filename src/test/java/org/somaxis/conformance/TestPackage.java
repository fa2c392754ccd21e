package org.somaxis.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A small FHIR NPM package the tests build themselves (nothing is downloaded), for
 * {@code somaxis.conformance.packages}: one Patient profile that makes {@code birthDate} mandatory, and two
 * SearchParameters. One adds {@code race}, with the expression of US Core's {@code us-core-race}; the other tries to
 * redefine the core {@code name} as the family name only, which the server must not install.
 */
final class TestPackage {
	static final String NAME = "example.intake.test";
	static final String VERSION = "0.0.1";
	static final String PROFILE = "http://example.org/fhir/intake-test/StructureDefinition/intake-test-patient";
	static final String RACE_PARAMETER = "http://example.org/fhir/intake-test/SearchParameter/intake-test-race";
	static final String NAME_REDEFINED = "http://example.org/fhir/intake-test/SearchParameter/intake-test-name";

	private TestPackage() {}

	/** Writes the package into the folder and returns the file. */
	static Path write(Path folder) {
		try {
			Files.createDirectories(folder);
			Path file = folder.resolve(NAME + "-" + VERSION + ".tgz");
			Files.write(file, bytes());
			return file;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static byte[] bytes() throws IOException {
		String packageJson = """
				{"name": "%s", "version": "%s", "fhirVersions": ["4.0.1"], "type": "fhir.ig",
				 "dependencies": {"hl7.fhir.r4.core": "4.0.1"}}""".formatted(NAME, VERSION);
		String profile = """
				{
				  "resourceType": "StructureDefinition",
				  "id": "intake-test-patient",
				  "url": "%s",
				  "version": "%s",
				  "name": "IntakeTestPatient",
				  "status": "active",
				  "fhirVersion": "4.0.1",
				  "kind": "resource",
				  "abstract": false,
				  "type": "Patient",
				  "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient",
				  "derivation": "constraint",
				  "differential": {
				    "element": [
				      {"id": "Patient", "path": "Patient"},
				      {"id": "Patient.birthDate", "path": "Patient.birthDate", "min": 1}
				    ]
				  }
				}""".formatted(PROFILE, VERSION);
		String race = searchParameter(RACE_PARAMETER, "race", "Patient.extension.where(url = "
				+ "'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race').extension.value.code");
		String nameRedefined = searchParameter(NAME_REDEFINED, "name", "Patient.name.family");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out), StandardCharsets.UTF_8.name())) {
			put(tar, "package/package.json", packageJson);
			put(tar, "package/StructureDefinition-intake-test-patient.json", profile);
			put(tar, "package/SearchParameter-intake-test-race.json", race);
			put(tar, "package/SearchParameter-intake-test-name.json", nameRedefined);
			tar.finish();
		}
		return out.toByteArray();
	}

	private static String searchParameter(String url, String code, String expression) {
		return """
				{"resourceType": "SearchParameter", "id": "%s", "url": "%s", "version": "%s", "name": "%s",
				 "status": "active", "description": "Test parameter %s", "code": "%s", "base": ["Patient"],
				 "type": "%s", "expression": "%s"}""".formatted(
						url.substring(url.lastIndexOf('/') + 1), url, VERSION, code, code, code,
						code.equals("race") ? "token" : "string", expression);
	}

	private static void put(TarArchiveOutputStream tar, String name, String content) throws IOException {
		byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
		TarArchiveEntry entry = new TarArchiveEntry(name);
		entry.setSize(bytes.length);
		tar.putArchiveEntry(entry);
		tar.write(bytes);
		tar.closeArchiveEntry();
	}
}
