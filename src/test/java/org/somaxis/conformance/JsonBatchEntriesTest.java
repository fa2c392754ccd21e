package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A JSON batch's entry that would stop the parser of the whole body, taken apart from the others before the parse. */
class JsonBatchEntriesTest {
	private static final FhirContext FHIR = FhirContext.forR4Cached();
	/** An extension with both a value and extensions of its own (R4's ext-1). */
	private static final String BOTH = "{'url':'http://x.org/source','valueString':'old','extension':[{'url':'part','valueCode':'y'}]}";
	private static final String BATCH = "{'resourceType':'Bundle','type':'batch','entry':[\n"
			+ "  {'resource':{'resourceType':'Observation','status':'final','code':{'text':'Größe'},"
			+ "'valueQuantity':{'value':1.50,'unit':'m'}},'request':{'method':'POST','url':'Observation'}},\n"
			+ "  {'request':{'method':'POST','url':'Patient'},'resource':{'resourceType':'Patient','extension':[" + BOTH + "],"
			+ "'name':[{'family':'Ng'}]}},\n"
			+ "  {'resource' :  {'resourceType':'Patient','active':true,'birthDate':'1980-02-01'} ,"
			+ "'request':{'method':'POST','url':'Patient'}}]}";

	@Test
	void anEntryWithAnExtensionWithBoth_isWrittenBackWithoutItsExtensionsOwnExtensions_andNothingElseChanges() {
		ServletRequestDetails request = request(BATCH);
		assertThat(parses(BATCH)).isFalse();

		JsonBatchEntries.prepare(FHIR, request);

		String rewritten = new String(request.loadRequestContents(), StandardCharsets.UTF_8);
		assertThat(parses(rewritten)).isTrue();
		// the other entries byte for byte (the decimal 1.50, the two-byte characters, the spaces around a resource)
		assertThat(rewritten).isEqualTo(json(BATCH).replace(json(",'extension':[{'url':'part','valueCode':'y'}]"), ""));
		assertThat(JsonBatchEntries.takenOut(request)).containsOnlyKeys(1);
		assertThat(JsonBatchEntries.takenOut(request).get(1)).singleElement()
				.satisfies(problem -> assertThat(problem.getLocationString()).isEqualTo("Patient.extension[0]"));
	}

	/** A transaction is refused whole by the parser, as before; so is a batch with such an extension outside its entries. */
	@ParameterizedTest
	@ValueSource(strings = {"transaction", "batch outside"})
	void aTransaction_orABatchWithItOutsideTheEntries_isLeftAsItWas(String kind) {
		String body = kind.equals("transaction")
				? BATCH.replace("'type':'batch'", "'type':'transaction'")
				: BATCH.replace("'type':'batch'", "'type':'batch','meta':{'extension':[" + BOTH + "]}");
		ServletRequestDetails request = request(body);

		JsonBatchEntries.prepare(FHIR, request);

		assertThat(new String(request.loadRequestContents(), StandardCharsets.UTF_8)).isEqualTo(json(body));
		assertThat(JsonBatchEntries.takenOut(request)).isEmpty();
	}

	/**
	 * Only an entry that stores its own resource is taken apart: a patch, a conditional create or a conditional update
	 * may store another resource or none, where the refusal would not reach it, so the parser refuses the whole batch.
	 */
	@ParameterizedTest
	@ValueSource(strings = {"'method':'PATCH','url':'Patient/p1'", "'method':'POST','url':'Patient','ifNoneExist':'name=Ng'",
			"'method':'PUT','url':'Patient?name=Ng'"})
	void anEntryThatMayNotStoreItsOwnResource_isLeftToTheParser(String request) {
		String body = BATCH.replace("{'request':{'method':'POST','url':'Patient'},'resource':{'resourceType':'Patient','extension'",
				"{'request':{" + request + "},'resource':{'resourceType':'Patient','extension'");
		assertThat(body).isNotEqualTo(BATCH);
		ServletRequestDetails request1 = request(body);

		JsonBatchEntries.prepare(FHIR, request1);

		assertThat(new String(request1.loadRequestContents(), StandardCharsets.UTF_8)).isEqualTo(json(body));
		assertThat(JsonBatchEntries.takenOut(request1)).isEmpty();
	}

	/** Jackson counts the offsets of a UTF-16 body in characters: such a body is left to the parser, as before. */
	@Test
	void aBodyInUtf16_isLeftAsItWas() {
		byte[] utf16 = json(BATCH).getBytes(StandardCharsets.UTF_16);
		ServletRequestDetails request = new ServletRequestDetails();
		request.setRequestContents(utf16);

		JsonBatchEntries.prepare(FHIR, request);

		assertThat(request.loadRequestContents()).isEqualTo(utf16);
		assertThat(JsonBatchEntries.takenOut(request)).isEmpty();
	}

	@Test
	void theByteRangeOfEachEntrysResource_isExact_alsoAfterCharactersOfSeveralBytes() {
		byte[] body = json(BATCH).getBytes(StandardCharsets.UTF_8);

		Map<Integer, long[]> ranges = JsonBatchEntries.resourceRanges(body);

		assertThat(ranges).containsOnlyKeys(0, 1, 2);
		assertThat(text(body, ranges.get(0))).startsWith("{\"resourceType\":\"Observation\"").endsWith("\"unit\":\"m\"}}");
		assertThat(text(body, ranges.get(1))).startsWith("{\"resourceType\":\"Patient\",\"extension\"")
				.endsWith("\"family\":\"Ng\"}]}");
		assertThat(text(body, ranges.get(2))).isEqualTo("{\"resourceType\":\"Patient\",\"active\":true,\"birthDate\":\"1980-02-01\"}");
	}

	/** Which of two values a reader takes is not certain, so an entry or a list written twice is not placed at all. */
	@ParameterizedTest
	@ValueSource(strings = {"entry", "resource"})
	void aBodyWithTheEntriesOrAResourceWrittenTwice_isNotPlaced(String twice) {
		String body = twice.equals("entry")
				? BATCH.replace("'type':'batch',", "'type':'batch','entry':[],")
				: BATCH.replace("{'resource' :  {", "{'resource':{'resourceType':'Basic'},'resource' :  {");

		assertThat(JsonBatchEntries.resourceRanges(json(body).getBytes(StandardCharsets.UTF_8))).isEmpty();
	}

	private static String text(byte[] body, long[] range) {
		return new String(body, (int) range[0], (int) (range[1] - range[0]), StandardCharsets.UTF_8);
	}

	private static ServletRequestDetails request(String body) {
		ServletRequestDetails request = new ServletRequestDetails();
		request.setRequestContents(json(body).getBytes(StandardCharsets.UTF_8));
		return request;
	}

	private static boolean parses(String body) {
		try {
			FHIR.newJsonParser().parseResource(Bundle.class, json(body));
			return true;
		} catch (ca.uhn.fhir.parser.DataFormatException stopped) {
			return false;
		}
	}

	private static String json(String singleQuoted) {
		return singleQuoted.replace('\'', '"');
	}
}
