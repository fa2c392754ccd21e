package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.somaxis.settings.SettingException;

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

	static final String SETTING = "somaxis.conformance.packages";

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
					throw new SettingException(SETTING, "cannot list the folder " + path + " (" + e.getMessage() + ")",
							"Make the folder readable by the server, or name the package files instead.", e);
				}
			} else if (Files.isRegularFile(path)) {
				files.add(path);
			} else {
				throw new SettingException(SETTING, "no such file or folder: " + path,
						"Name FHIR NPM package files (.tgz) or folders of them that exist, or remove the setting.");
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
			throw new SettingException(SETTING, "cannot read " + file + " as a FHIR NPM package (" + e.getMessage() + ")",
					"Name a FHIR NPM package file (a .tgz with package/package.json), or remove it from the setting.", e);
		}
	}
}
