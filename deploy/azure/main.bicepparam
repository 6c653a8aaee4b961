// Parameters for main.bicep; README.md beside this file describes each one. Secrets are not
// written here: they are read from the environment of whoever deploys.
//   export ECKBOT_APP_PASSWORD=... ECKBOT_DB_PASSWORD=... ECKBOT_DASHBOARD_SECRET=...
//   az deployment group create -g rg-eckbot -f deploy/azure/main.bicep -p deploy/azure/main.bicepparam
using 'main.bicep'

param namePrefix = 'eckbot'
param botLocation = 'westeurope'

// The bot's Entra app registration (single tenant): Application (client) ID and Directory (tenant) ID.
param microsoftAppId = '00000000-0000-0000-0000-000000000000'
param microsoftAppTenantId = '00000000-0000-0000-0000-000000000000'
param microsoftAppPassword = readEnvironmentVariable('ECKBOT_APP_PASSWORD')

param containerImage = 'myregistry.azurecr.io/eckbot:1.0.0'
param registryServer = 'myregistry.azurecr.io'
param registryUsername = 'myregistry'
param registryPassword = readEnvironmentVariable('ECKBOT_REGISTRY_PASSWORD', '')

param appServiceSku = 'B1'
param instanceCount = 1
param publicHostName = ''

param postgresAdminLogin = 'eckbot'
param postgresAdminPassword = readEnvironmentVariable('ECKBOT_DB_PASSWORD')
param postgresSkuName = 'Standard_B1ms'
param postgresTier = 'Burstable'
param postgresStorageGiB = 32
param postgresBackupDays = 14

param dashboardSecret = readEnvironmentVariable('ECKBOT_DASHBOARD_SECRET')
param coordinators = ''
param allowedTenants = ''
param programs = ''
