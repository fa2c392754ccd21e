package org.somaxis.operation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each profiles/OperationDefinition-*.json agrees with its provider's annotations, and carries one identity. */
class OperationDefinitionFilesTest {
	private static final FhirContext FHIR = FhirContext.forR4Cached();

	static Stream<Arguments> operations() {
		return Stream.of(
				Arguments.of(PatientEvaluateProvider.OPERATION_ID, PatientEvaluateProvider.class),
				Arguments.of(SystemEvaluateProvider.OPERATION_ID, SystemEvaluateProvider.class),
				Arguments.of(ObservationEvaluateProvider.OPERATION_ID, ObservationEvaluateProvider.class));
	}

	private static OperationDefinition definition(String id) throws IOException {
		String json = Files.readString(Path.of("profiles/OperationDefinition-" + id + ".json"));
		return FHIR.newJsonParser().parseResource(OperationDefinition.class, json);
	}

	private static Method operationMethod(Class<?> provider) {
		return Arrays.stream(provider.getMethods())
				.filter(method -> method.isAnnotationPresent(Operation.class))
				.findFirst()
				.orElseThrow();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("operations")
	void definition_hasOneIdentityAndTheProjectVersion(String id, Class<?> provider) throws IOException {
		OperationDefinition definition = definition(id);

		assertThat(definition.getIdElement().getIdPart()).isEqualTo(id);
		assertThat(definition.getUrl()).isEqualTo("http://somaxis.org/fhir/OperationDefinition/" + id);
		assertThat(definition.getVersion()).isEqualTo("0.1.0");
		assertThat(definition.getStatus()).isEqualTo(Enumerations.PublicationStatus.ACTIVE);
		assertThat(definition.getCode()).isEqualTo("evaluate");
		assertThat(operationMethod(provider).getAnnotation(Operation.class).canonicalUrl()).isEqualTo(definition.getUrl());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("operations")
	void theParameterCheck_knowsExactlyTheDefinitionsInputs(String id, Class<?> provider) throws IOException {
		OperationDefinition definition = definition(id);
		String level = definition.getSystem() ? "" : definition.getResource().get(0).getValue();

		assertThat(EvaluateParameterCheck.INPUTS.get(level)).containsExactlyInAnyOrderElementsOf(
				definition.getParameter().stream()
						.filter(parameter -> parameter.getUse() == OperationDefinition.OperationParameterUse.IN)
						.map(OperationDefinition.OperationDefinitionParameterComponent::getName)
						.toList());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("operations")
	void definition_listsExactlyTheProvidersParameters(String id, Class<?> provider) throws IOException {
		OperationDefinition definition = definition(id);
		Method method = operationMethod(provider);
		Operation operation = method.getAnnotation(Operation.class);
		List<String> annotated = new ArrayList<>();
		for (var parameterAnnotations : method.getParameterAnnotations()) {
			for (var annotation : parameterAnnotations) {
				if (annotation instanceof OperationParam param) {
					annotated.add("in " + param.name() + " " + param.min() + ".." + max(param.max()));
				}
			}
		}
		for (OperationParam param : operation.returnParameters()) {
			annotated.add("out " + param.name() + " " + param.min() + ".." + max(param.max()));
		}

		assertThat(definition.getParameter())
				.extracting(parameter -> parameter.getUse().toCode() + " " + parameter.getName() + " "
						+ parameter.getMin() + ".." + parameter.getMax())
				.containsExactlyInAnyOrderElementsOf(annotated);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("operations")
	void definition_levelsMatchTheProvider(String id, Class<?> provider) throws IOException {
		OperationDefinition definition = definition(id);
		Operation operation = operationMethod(provider).getAnnotation(Operation.class);
		boolean instance = Arrays.stream(operationMethod(provider).getParameterAnnotations())
				.flatMap(Arrays::stream)
				.anyMatch(annotation -> annotation instanceof ca.uhn.fhir.rest.annotation.IdParam);

		assertThat(definition.getSystem()).isEqualTo(operation.typeName().isEmpty());
		assertThat(definition.getInstance()).isEqualTo(instance);
		assertThat(definition.getResource()).extracting(type -> type.getValue())
				.containsExactlyElementsOf(operation.typeName().isEmpty() ? List.of() : List.of(operation.typeName()));
	}

	private static String max(int max) {
		return max == OperationParam.MAX_UNLIMITED ? "*" : Integer.toString(max);
	}
}
