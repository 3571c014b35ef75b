package io.msap.shared;

import java.util.List;
import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The HTTP plumbing every endpoint shares: request ids, the body size limit, the caller's language, and the
 * {@link Caller} and {@link PageQuery} controller parameters.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    /**
     * Filter order: request id first, then audit (-200, so every refusal below it is recorded), the body limit, then
     * security (-100) with idempotency inside it.
     */
    static final int REQUEST_ID_ORDER = Ordered.HIGHEST_PRECEDENCE;

    static final int REQUEST_BODY_ORDER = -150;

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
        resolvers.add(new PageQueryArgumentResolver());
    }

    /** Requests Tomcat refuses itself (before any filter) are answered in the envelope too. */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> envelopeErrorPages() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(EnvelopeErrorReportValve.class.getName());
            }
        });
    }

    @Bean
    LocaleResolver localeResolver() {
        return WireLocale.resolver();
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(REQUEST_ID_ORDER);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyFilter> requestBodyFilter(
            @Value("${msap.http.max-body-size:1MB}") DataSize maxBodySize, EnvelopeWriter envelopeWriter) {
        FilterRegistrationBean<RequestBodyFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyFilter(maxBodySize, envelopeWriter));
        registration.setOrder(REQUEST_BODY_ORDER);
        return registration;
    }
}
