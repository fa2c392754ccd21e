package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

class PackageInstallerHashTest {

	@Test
	void theRecordedHash_isRead() {
		ImplementationGuide guide = new ImplementationGuide();
		guide.addExtension(PackageInstaller.HASH_EXTENSION, new StringType("abc"));

		assertThat(PackageInstaller.hashOf(guide)).isEqualTo("abc");
	}

	/**
	 * A stored guide with two hashes, or one without a value (written over REST): no hash, so the package is installed
	 * again. Before, HAPI's getExtensionByUrl threw on the second and a value-less one gave a NullPointerException, and
	 * the server did not start.
	 */
	@Test
	void twoHashesOrOneWithoutAValue_readAsNone_soThePackageIsInstalledAgain() {
		ImplementationGuide two = new ImplementationGuide();
		two.addExtension(PackageInstaller.HASH_EXTENSION, new StringType("abc"));
		two.addExtension(PackageInstaller.HASH_EXTENSION, new StringType("def"));
		ImplementationGuide valueless = new ImplementationGuide();
		Extension nested = new Extension(PackageInstaller.HASH_EXTENSION);
		nested.addExtension("part", new StringType("x"));
		valueless.addExtension(nested);

		assertThat(PackageInstaller.hashOf(two)).isNull();
		assertThat(PackageInstaller.hashOf(valueless)).isNull();
		assertThat(PackageInstaller.hashOf(new ImplementationGuide())).isNull();
	}
}
