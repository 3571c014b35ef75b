/** Tenants, users (a main account and sub-accounts per tenant), login, personal access tokens and AK/SK access keys. */
@ApplicationModule(displayName = "Accounts")
package io.msap.account;

import org.springframework.modulith.ApplicationModule;
