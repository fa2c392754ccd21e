package org.somaxis.config;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings.ClientIdStrategyEnum;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings.IdStrategyEnum;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code somaxis.fhir.client-ids}: which ids a client may assign, and what the server assigns beside them. */
class ClientIdSettingTest {

	@ParameterizedTest(name = "client-ids '{0}'")
	@CsvSource({
		"'',           ANY,          UUID",
		"any,          ANY,          UUID",
		"alphanumeric, ALPHANUMERIC, SEQUENTIAL_NUMERIC"
	})
	void clientIdSetting_choosesWhichIdsAClientMayAssign_andServerIdsThatNeverMeetThem(
			String setting, ClientIdStrategyEnum client, IdStrategyEnum server) {
		Map<String, String> properties = setting.isEmpty() ? Map.of() : Map.of("somaxis.fhir.client-ids", setting);
		FhirServerProperties bound = new Binder(new MapConfigurationPropertySource(properties))
				.bindOrCreate("somaxis.fhir", FhirServerProperties.class);

		JpaStorageSettings settings = new FhirJpaConfig().storageSettings(bound);

		assertThat(settings.getResourceClientIdStrategy()).isEqualTo(client);
		assertThat(settings.getResourceServerIdStrategy()).isEqualTo(server);
	}
}
