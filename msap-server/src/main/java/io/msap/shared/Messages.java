package io.msap.shared;

import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.stereotype.Component;

/**
 * Resolves message keys in the caller's language: Chinese by default, English with {@code Accept-Language: en}. The
 * texts live in {@code messages.properties} (Chinese) and {@code messages_en.properties}.
 */
@Component
public class Messages {

    private final MessageSource messageSource;

    Messages(MessageSource messageSource) {
        this.messageSource = messageSource;
    }

    /** The text of {@code key} in the current request's language. */
    public String get(String key, Object... args) {
        return get(LocaleContextHolder.getLocale(), key, args);
    }

    public String get(Locale locale, String key, Object... args) {
        try {
            return messageSource.getMessage(key, args, locale);
        } catch (NoSuchMessageException e) {
            return key;
        }
    }

    /** The text of a resolvable message (one whose arguments may themselves be messages) in the request's language. */
    public String get(MessageSourceResolvable message) {
        return messageSource.getMessage(message, LocaleContextHolder.getLocale());
    }

    /** Joins texts as a list in the request's language: "a、b" in Chinese, "a, b" in English. */
    public static String joinList(java.util.List<String> parts) {
        return String.join(english() ? ", " : "、", parts);
    }

    /** A message argument that is itself a message key, resolved in the same language (e.g. a permission's name). */
    public static MessageSourceResolvable ref(String key) {
        return new DefaultMessageSourceResolvable(key);
    }

    /** True when the current request asked for English. */
    public static boolean english() {
        return "en".equals(LocaleContextHolder.getLocale().getLanguage());
    }
}
