package org.somaxis.platform;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.NameMatchMethodPointcut;
import org.springframework.aop.support.RootClassFilter;

/**
 * Around HAPI's DAO patch methods: a patch HAPI cannot apply ({@link ClientDataErrors}: an exception from its patch
 * appliers) leaves the DAO as a 400 ({@link ClientDataErrors.Problem#refusal}). A single PATCH request reached the same answer
 * through {@link InternalErrorInterceptor}; a PATCH entry of a batch did not, since HAPI answers each batch entry
 * itself and gives any exception that is not one of its own a 500 in the entry's response.
 */
public final class PatchFailureAdvice implements MethodInterceptor {

	/** The advisor: {@code patch} and {@code patchInTransaction} of every resource DAO (batch entries call the latter). */
	public static Advisor advisor() {
		NameMatchMethodPointcut methods = new NameMatchMethodPointcut();
		methods.setMappedNames("patch", "patchInTransaction");
		return new DefaultPointcutAdvisor(
				new ComposablePointcut(new RootClassFilter(IFhirResourceDao.class), methods), new PatchFailureAdvice());
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		try {
			return invocation.proceed();
		} catch (ca.uhn.fhir.rest.server.exceptions.InvalidRequestException refused) {
			// HAPI's own refusal of a value its patch wrote, with the Java name of its parser's exception in it
			// ("java.lang.NumberFormatException: For input string": probe 80, P80-m3)
			String words = org.somaxis.fhir.JavaNames.without(refused.getMessage());
			throw words.equals(refused.getMessage()) ? refused : new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(words);
		} catch (BaseServerResponseException answered) {
			throw answered;
		} catch (RuntimeException failed) { // a boundary: HAPI's patch appliers fail unchecked on a client's bad patch
			// only what ClientDataErrors classifies as that becomes a 400; everything else is rethrown as it came
			ClientDataErrors.Problem problem = ClientDataErrors.clientDataProblem(failed);
			if (problem == null) {
				throw failed;
			}
			throw problem.refusal();
		}
	}
}
