package io.msap.account;

import io.msap.shared.DataDirectory;
import io.msap.shared.SecretCipher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * First start on an empty database: creates tenant 1 with its main account {@code admin}. The admin's token is
 * {@code MSAP_BOOTSTRAP_TOKEN} when set, otherwise random and written to {@code $MSAP_DATA_DIR/initial-admin-token};
 * its password is {@code MSAP_BOOTSTRAP_PASSWORD} when set, otherwise random and written beside the token. Runs before
 * the server accepts requests; on a database that has a tenant it does nothing.
 */
@Component
class AccountBootstrap implements SmartInitializingSingleton {

    static final String ADMIN = "admin";
    static final String TOKEN_FILE = "initial-admin-token";
    static final String PASSWORD_FILE = "initial-admin-password";

    private static final Logger log = LoggerFactory.getLogger(AccountBootstrap.class);

    private final TenantRepository tenants;
    private final AccountService accounts;
    private final TokenService tokens;
    private final TransactionTemplate transaction;
    private final DataDirectory dataDirectory;
    private final Clock clock;
    private final String configuredToken;
    private final String configuredPassword;

    AccountBootstrap(
            TenantRepository tenants,
            AccountService accounts,
            TokenService tokens,
            TransactionTemplate transaction,
            DataDirectory dataDirectory,
            Clock clock,
            @Value("${msap.bootstrap.token:}") String configuredToken,
            @Value("${msap.bootstrap.password:}") String configuredPassword) {
        this.tenants = tenants;
        this.accounts = accounts;
        this.tokens = tokens;
        this.transaction = transaction;
        this.dataDirectory = dataDirectory;
        this.clock = clock;
        this.configuredToken = configuredToken.trim();
        this.configuredPassword = configuredPassword;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (tenants.count() > 0) {
            return;
        }
        String token =
                configuredToken.isEmpty() ? TokenService.newTokenText(io.msap.shared.Ids.newId()) : configuredToken;
        String password = configuredPassword.isEmpty() ? randomPassword() : configuredPassword;
        try {
            transaction.executeWithoutResult(status -> {
                Tenant tenant = tenants.save(new Tenant("default", clock.instant()));
                if (tenant.getId() != 1L) {
                    throw new IllegalStateException("the first tenant must get id 1 but got " + tenant.getId());
                }
                UserAccount admin = accounts.newUser(tenant.getId(), ADMIN, "Administrator", null, password, true);
                tokens.storeBootstrapToken(admin, token);
            });
        } catch (DataIntegrityViolationException e) {
            log.info("Another server created the first tenant at the same time; using it.");
            return;
        }
        if (configuredToken.isEmpty()) {
            Path file = write(TOKEN_FILE, token);
            log.warn("Created tenant 1 with main account '{}'. Its API token is {} (also in {}).", ADMIN, token, file);
        } else {
            log.info("Created tenant 1 with main account '{}' and the token from MSAP_BOOTSTRAP_TOKEN.", ADMIN);
        }
        if (configuredPassword.isEmpty()) {
            Path file = write(PASSWORD_FILE, password);
            log.warn("The password of '{}' is in {}; change it with /v1/account/changePassword.", ADMIN, file);
        }
    }

    private Path write(String name, String secret) {
        Path file = dataDirectory.resolve(name);
        try {
            Files.writeString(file, secret + "\n");
            SecretCipher.restrictToOwner(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomPassword() {
        byte[] material = new byte[12];
        new SecureRandom().nextBytes(material);
        return HexFormat.of().formatHex(material);
    }
}
