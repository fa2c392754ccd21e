package org.somaxis.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.somaxis.security.BodyInspector;
import org.somaxis.security.QueryInspector;

/**
 * The request guard itself: whatever bytes arrive, inspecting a body or the parameters of a search answers
 * accept or refuse. It never throws, and its cost stays linear (Jazzer's per-input timeout catches the rest).
 */
class RequestGuardFuzzTest {
	private static final BodyInspector BODY = new BodyInspector(1000, 100, 10_000);
	private static final QueryInspector QUERY = new QueryInspector(1000, QueryInspector.ParameterTypes.ANY);
	private static final String[] CONTENT_TYPES = {
		"application/fhir+json", "application/fhir+xml", "application/json", "text/xml", null, "text/plain",
		"application/json-patch+json", "application/xml-patch+xml"
	};

	@FuzzTest(maxDuration = "30s")
	void bodyInspector(FuzzedDataProvider data) {
		String contentType = CONTENT_TYPES[data.consumeInt(0, CONTENT_TYPES.length - 1)];
		BODY.inspect(data.consumeRemainingAsBytes(), contentType);
	}

	@FuzzTest(maxDuration = "30s")
	void queryInspector(FuzzedDataProvider data) {
		QUERY.inspectRawQuery(data.consumeString(200));
		Map<String, String[]> parameters = new LinkedHashMap<>();
		int count = data.consumeInt(0, 5);
		for (int i = 0; i < count; i++) {
			parameters.put(data.consumeString(30), new String[] {data.consumeString(300)});
		}
		QUERY.inspect(null, parameters);
	}
}
