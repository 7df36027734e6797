# Sourced by bench/sdk's scripts: the environment users build in. Users build with node reuse on and
# no MSBuild server (the defaults), with none of ModuleSdk's settings and outside CI (which turns
# locked mode on). This machine's shell turns node reuse off globally, so the defaults are restored here.
unset MSBUILDDISABLENODEREUSE DOTNET_CLI_USE_MSBUILD_SERVER MODPRIVATE MODREPOS MODLOCKED CI ContinuousIntegrationBuild TF_BUILD GITHUB_ACTIONS
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
