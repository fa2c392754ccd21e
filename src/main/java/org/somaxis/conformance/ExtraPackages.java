package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * The further FHIR NPM packages a clinic lists in {@code somaxis.conformance.packages} (US Core, a national IG,
 * its own): each entry a {@code .tgz} file or a folder of them. Their StructureDefinitions, ValueSets and
 * CodeSystems join the validation chain, so their profiles count as held and are enforced; {@link PackageInstaller}
 * stores them at startup like our own package. Nothing is downloaded: dependencies must be listed too.
 */
public final class ExtraPackages {
	static final List<String> VALIDATION_TYPES = List.of("StructureDefinition", "ValueSet", "CodeSystem");

	/** One package file. */
	public record ExtraPackage(String name, String version, Path file, byte[] bytes, String sha256, List<IBaseResource> artefacts) {}

	private ExtraPackages() {}

	/** Reads every package the entries name; a missing file or a broken package stops the startup. */
	public static List<ExtraPackage> read(FhirContext fhirContext, List<String> entries) {
		List<ExtraPackage> packages = new ArrayList<>();
		for (Path file : files(entries)) {
			packages.add(read(fhirContext, file));
		}
		return List.copyOf(packages);
	}

	static List<Path> files(List<String> entries) {
		List<Path> files = new ArrayList<>();
		for (String entry : entries) {
			Path path = Path.of(entry.trim());
			if (Files.isDirectory(path)) {
				try (Stream<Path> listed = Files.list(path)) {
					listed.filter(p -> p.getFileName().toString().endsWith(".tgz")).sorted().forEach(files::add);
				} catch (IOException e) {
					throw new UncheckedIOException("Cannot list FHIR packages in " + path, e);
				}
			} else if (Files.isRegularFile(path)) {
				files.add(path);
			} else {
				throw new IllegalStateException("somaxis.conformance.packages: no such file or folder: " + path);
			}
		}
		return files;
	}

	static ExtraPackage read(FhirContext fhirContext, Path file) {
		try {
			byte[] bytes = Files.readAllBytes(file);
			NpmPackage npm = NpmPackage.fromPackage(new ByteArrayInputStream(bytes));
			List<IBaseResource> artefacts = new ArrayList<>();
			for (String name : npm.listResources(VALIDATION_TYPES.toArray(String[]::new))) {
				try (InputStream in = npm.loadResource(name)) {
					artefacts.add(fhirContext.newJsonParser().parseResource(in));
				}
			}
			return new ExtraPackage(npm.name(), npm.version(), file, bytes, PackageBuilder.sha256(bytes), List.copyOf(artefacts));
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read FHIR package " + file, e);
		}
	}
}
