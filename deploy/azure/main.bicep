// The ECK iD wegwijzer in Azure: an Azure Bot (single tenant) with its Teams channel, the bot's
// container on App Service (Linux), Azure Database for PostgreSQL flexible server, and a Key
// Vault for the secrets. Every parameter is described in README.md beside this file.
//
//   az deployment group create -g <resource group> -f deploy/azure/main.bicep -p deploy/azure/main.bicepparam

targetScope = 'resourceGroup'

@description('Prefix of every resource name: lower-case letters and digits, 3 to 12.')
@minLength(3)
@maxLength(12)
param namePrefix string = 'eckbot'

@description('Region of the App Service, the database and the Key Vault.')
param location string = resourceGroup().location

@description('Where the Azure Bot resource lives: westeurope keeps the Bot Service\'s data in the EU; global is the worldwide service.')
@allowed([
  'westeurope'
  'global'
])
param botLocation string = 'westeurope'

@description('Azure Bot pricing tier: F0 (free, standard channels such as Teams are free anyway) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Application (client) ID of the bot\'s Entra app registration (single tenant).')
param microsoftAppId string

@description('Directory (tenant) ID of that app registration.')
param microsoftAppTenantId string = tenant().tenantId

@secure()
@description('A client secret of that app registration; stored in Key Vault, the app reads it through a Key Vault reference.')
param microsoftAppPassword string

@description('Container image of the bot, e.g. myregistry.azurecr.io/eckbot:1.0.0 (built from deploy/docker/Dockerfile).')
param containerImage string

@description('Registry server of a private image, e.g. myregistry.azurecr.io; empty for a public image.')
param registryServer string = ''

@description('User name for that registry (for Azure Container Registry: its admin user or a token name).')
param registryUsername string = ''

@secure()
@description('Password for that registry.')
param registryPassword string = ''

@description('App Service plan SKU: B1 for a trial, P0v3 or P1v3 in production.')
param appServiceSku string = 'B1'

@description('How many instances of the bot run behind App Service\'s load balancer (they share one database).')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

@description('Host name people and Teams reach the bot on; empty: the App Service\'s own <name>.azurewebsites.net. A custom domain must be bound to the app separately.')
param publicHostName string = ''

@description('PostgreSQL administrator login (also the bot\'s database user).')
param postgresAdminLogin string = 'eckbot'

@secure()
@minLength(12)
@description('PostgreSQL administrator password.')
param postgresAdminPassword string

@description('PostgreSQL compute: Standard_B1ms (Burstable) for up to a few hundred boards, Standard_D2ds_v5 (GeneralPurpose) beyond.')
param postgresSkuName string = 'Standard_B1ms'

@description('The tier that goes with postgresSkuName.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresTier string = 'Burstable'

@description('PostgreSQL storage in GiB (it grows by itself when full).')
param postgresStorageGiB int = 32

@description('Days of point-in-time backups PostgreSQL keeps (7 to 35).')
@minValue(7)
@maxValue(35)
param postgresBackupDays int = 14

@secure()
@minLength(32)
@description('Signs the coordinators\' dashboard links (ECKBOT_DASHBOARD_SECRET); a long random string, the same for every instance.')
param dashboardSecret string

@description('The programme\'s coordinators (ECKBOT_COORDINATORS): Entra object ids or user principal names, comma-separated.')
param coordinators string = ''

@description('Tenants whose Teams may talk to the bot (ECKBOT_ALLOWED_TENANTS), comma-separated; empty: only the bot\'s own tenant.')
param allowedTenants string = ''

@description('The implementation programmes and their tenants (ECKBOT_PROGRAMS), for a deployment shared by several programmes; empty: one programme.')
param programs string = ''

var suffix = uniqueString(resourceGroup().id)
var webAppName = '${namePrefix}-${suffix}'
var keyVaultName = take('kv${namePrefix}${suffix}', 24)
var postgresName = '${namePrefix}-pg-${suffix}'
var databaseName = 'eckbot'
var host = empty(publicHostName) ? '${webAppName}.azurewebsites.net' : publicHostName
// Key Vault Secrets User: read secrets, nothing else.
var secretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6'

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: postgresName
  location: location
  sku: {
    name: postgresSkuName
    tier: postgresTier
  }
  properties: {
    version: '15'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: {
      storageSizeGB: postgresStorageGiB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: postgresBackupDays
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0 to 0.0.0.0 is Azure's notation for "services inside Azure", which includes App
// Service's outbound addresses; the server still requires TLS and the password.
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
  }
}

resource appPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'microsoft-app-password'
  properties: {
    value: microsoftAppPassword
  }
}

resource databaseUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'database-url'
  properties: {
    value: 'postgresql://${uriComponent(postgresAdminLogin)}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}'
  }
}

resource dashboardSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'dashboard-secret'
  properties: {
    value: dashboardSecret
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-01-01' = {
  name: '${namePrefix}-plan-${suffix}'
  location: location
  kind: 'linux'
  sku: {
    name: appServiceSku
    capacity: instanceCount
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2023-01-01' = {
  name: webAppName
  location: location
  kind: 'app,linux,container'
  // This identity only reads the Key Vault secrets. The bot authenticates to the Bot Service
  // with the app registration's client secret (README.md: why not a managed identity).
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false // any instance may take any turn: state lives in PostgreSQL
    siteConfig: {
      linuxFxVersion: 'DOCKER|${containerImage}'
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: keyVault
  name: guid(keyVault.id, site.id, secretsUserRole)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRole)
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

var registrySettings = empty(registryServer) ? {} : {
  DOCKER_REGISTRY_SERVER_URL: 'https://${registryServer}'
  DOCKER_REGISTRY_SERVER_USERNAME: registryUsername
  DOCKER_REGISTRY_SERVER_PASSWORD: registryPassword
}

resource appSettings 'Microsoft.Web/sites/config@2023-01-01' = {
  parent: site
  name: 'appsettings'
  properties: union(registrySettings, {
    WEBSITES_PORT: '3978'
    WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'false'
    MicrosoftAppId: microsoftAppId
    MicrosoftAppPassword: '@Microsoft.KeyVault(SecretUri=${appPasswordSecret.properties.secretUri})'
    MicrosoftAppType: 'SingleTenant'
    MicrosoftAppTenantId: microsoftAppTenantId
    ECKBOT_DATABASE_URL: '@Microsoft.KeyVault(SecretUri=${databaseUrlSecret.properties.secretUri})'
    // Both PostgreSQL drivers (asyncpg, psycopg) read this: TLS or no connection.
    PGSSLMODE: 'require'
    ECKBOT_PUBLIC_URL: 'https://${host}'
    ECKBOT_DASHBOARD_SECRET: '@Microsoft.KeyVault(SecretUri=${dashboardSecretSecret.properties.secretUri})'
    ECKBOT_COORDINATORS: coordinators
    ECKBOT_ALLOWED_TENANTS: allowedTenants
    ECKBOT_PROGRAMS: programs
    ECKBOT_LOG_LEVEL: 'INFO'
  })
  dependsOn: [
    secretsUser // the Key Vault references resolve only once the app may read the vault
    database
    allowAzure
  ]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${namePrefix}-bot-${suffix}'
  location: botLocation
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: 'ECK iD wegwijzer'
    endpoint: 'https://${host}/api/messages'
    msaAppId: microsoftAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: microsoftAppTenantId
    publicNetworkAccess: 'Enabled'
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: botLocation
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      deploymentEnvironment: 'CommercialDeployment'
    }
  }
}

@description('Pass this to: eckbot teams-package --domain <this>')
output domain string = host

@description('The messaging endpoint the Azure Bot calls.')
output messagingEndpoint string = bot.properties.endpoint

@description('The App Service that runs the bot.')
output webAppName string = site.name

@description('The PostgreSQL server (for eckbot migrate / backup from a machine allowed through its firewall).')
output postgresHost string = postgres.properties.fullyQualifiedDomainName
