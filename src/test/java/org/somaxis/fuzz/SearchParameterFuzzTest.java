package org.somaxis.fuzz;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.NumberParam;
import ca.uhn.fhir.rest.param.QuantityParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.util.UrlUtil;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Map;
import org.somaxis.platform.ClientDataErrors;
import org.somaxis.security.QueryInspector;

/**
 * Search-URL parsing as the server does it: a query string the guard accepts is split by HAPI's
 * {@link UrlUtil#parseQueryString} and each value bound to the parameter types search uses (quantity, number,
 * date, token, string), then printed back. Only {@link DataFormatException}, {@link InvalidRequestException} and
 * a {@link NumberFormatException} of HAPI's parameter binding (all three become 400) may come out; the printing must stay bounded, which is what the guard is for.
 */
class SearchParameterFuzzTest {
	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final QueryInspector GUARD = new QueryInspector(1000, QueryInspector.ParameterTypes.ANY);

	@FuzzTest(maxDuration = "30s")
	void searchParameters(FuzzedDataProvider data) {
		String query = data.consumeRemainingAsString();
		if (GUARD.inspectRawQuery(query) != null) {
			return;
		}
		Map<String, String[]> parameters = UrlUtil.parseQueryString(query);
		if (GUARD.inspect(null, parameters) != null) {
			return;
		}
		for (String[] values : parameters.values()) {
			for (String value : values) {
				bind(value);
			}
		}
	}

	private static void bind(String value) {
		try {
			QuantityParam quantity = new QuantityParam();
			quantity.setValueAsQueryToken(FHIR, "value-quantity", null, value);
			if (quantity.getValue() != null) {
				quantity.getValue().toPlainString();
			}
			quantity.getValueAsQueryToken(FHIR);
			NumberParam number = new NumberParam();
			number.setValueAsQueryToken(FHIR, "value", null, value);
			if (number.getValue() != null) {
				number.getValue().toPlainString();
			}
			new TokenParam().setValueAsQueryToken(FHIR, "code", null, value);
			new StringParam().setValueAsQueryToken(FHIR, "name", null, value);
			new DateParam().setValueAsQueryToken(FHIR, "date", null, value);
			// bound as the server binds a date search (the DateRangeParam(DateParam) constructor refuses an empty value,
			// which the server never passes it: a finding of this target about itself, kept as a regression input)
			DateRangeParam range = new DateRangeParam();
			range.setValuesAsQueryTokens(FHIR, "date", List.of(QualifiedParamList.singleton(value)));
			range.getLowerBoundAsInstant();
		} catch (DataFormatException | InvalidRequestException refused) {
			// a 400 for the client
		} catch (NumberFormatException notANumber) {
			// the server answers 400 for exactly these (a finding of this target: value-quantity=gt- was a 500)
			if (ClientDataErrors.clientDataProblem(notANumber) == null) {
				throw notANumber;
			}
		}
	}
}
