package org.somaxis.config;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.storage.interceptor.balp.BalpAuditCaptureInterceptor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Function;
import org.hl7.fhir.r4.model.AuditEvent;
import org.somaxis.audit.AuditEventProtection;
import org.somaxis.audit.AuditSink;
import org.somaxis.audit.AuditTrail;
import org.somaxis.audit.AuditWho;
import org.somaxis.audit.RequestIdFilter;
import org.somaxis.security.smart.SmartAccess;
import org.somaxis.security.smart.SmartRequests;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The audit trail (docs/security.md): IHE BALP AuditEvents for every read, search, write, operation, CDS call and
 * refusal, stored in the server's own store; write events right after the write commits, before the response.
 * AuditEvents are never writable by clients, in either mode.
 */
@Configuration
@EnableConfigurationProperties(AuditProperties.class)
public class AuditConfig {

	@Bean
	AuditEventProtection auditEventProtection(RestfulServer restfulServer) {
		AuditEventProtection protection = new AuditEventProtection();
		restfulServer.registerInterceptor(protection);
		return protection;
	}

	/** First of all filters: the request id every AuditEvent of the request names (and HAPI echoes). */
	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setName("requestId");
		return registration;
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnProperty(name = "somaxis.audit.enabled", havingValue = "true", matchIfMissing = true)
	AuditSink auditSink(DaoRegistry daoRegistry, AuditProperties properties, PlatformTransactionManager transactionManager) {
		@SuppressWarnings("unchecked")
		IFhirResourceDao<AuditEvent> dao = daoRegistry.getResourceDao(AuditEvent.class);
		return new AuditSink(dao, properties.queueCapacity(), transactionManager);
	}

	@Bean
	@ConditionalOnProperty(name = "somaxis.audit.enabled", havingValue = "true", matchIfMissing = true)
	AuditTrail auditTrail(AuditSink auditSink, RestfulServer restfulServer, ObjectProvider<SmartRequests> smartRequests) {
		SmartRequests smart = smartRequests.getIfAvailable();
		Function<HttpServletRequest, AuditWho> who = request -> {
			SmartAccess access = smart == null ? null : smart.access(request);
			return access == null ? AuditWho.ANONYMOUS : new AuditWho(access.subject(), access.fhirUser(), access.clientId());
		};
		AuditTrail trail = new AuditTrail(auditSink, who);
		restfulServer.registerInterceptor(new BalpAuditCaptureInterceptor(auditSink, trail));
		restfulServer.registerInterceptor(trail);
		return trail;
	}
}
