package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.Test;
import org.somaxis.conformance.PackageBuilder.FhirPackage;

class PackageBuilderTest {

	@Test
	void packageFromTheClasspath_isByteForByteThePackageFromTheProjectFolders() {
		FhirPackage fromFolders = PackageBuilder.build(PackageBuilder.fromDirectories(Artefacts.ROOT), "0.1.0");
		FhirPackage fromClasspath = PackageBuilder.build(PackageBuilder.fromClasspath(getClass().getClassLoader()), "0.1.0");
		assertThat(fromClasspath.sha256()).isEqualTo(fromFolders.sha256());
		assertThat(fromClasspath.bytes()).isEqualTo(fromFolders.bytes());
		assertThat(PackageBuilder.build(PackageBuilder.fromDirectories(Artefacts.ROOT), "0.1.0").sha256())
				.as("deterministic").isEqualTo(fromFolders.sha256());
	}

	@Test
	void package_readsAsAnNpmPackageWithEveryArtefactIndexed() throws IOException {
		FhirPackage fhirPackage = PackageBuilder.build(PackageBuilder.fromDirectories(Artefacts.ROOT), "0.1.0");
		NpmPackage npm = NpmPackage.fromPackage(new ByteArrayInputStream(fhirPackage.bytes()));
		assertThat(npm.name()).isEqualTo("somaxis.fhir");
		assertThat(npm.version()).isEqualTo("0.1.0");
		assertThat(npm.fhirVersion()).isEqualTo("4.0.1");
		assertThat(npm.listResources("StructureDefinition")).hasSize(6);
		for (var file : Artefacts.artefactFiles()) {
			String type = Artefacts.read(file).fhirType();
			long ofType = Artefacts.artefactFiles().stream().filter(f -> Artefacts.read(f).fhirType().equals(type)).count();
			assertThat(npm.listResources(type)).as(type).hasSize((int) ofType);
		}
		assertThat(fhirPackage.fileName()).isEqualTo("somaxis.fhir-0.1.0.tgz");
	}
}
