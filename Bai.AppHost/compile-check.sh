#!/usr/bin/env bash
# Compile-checks Bai.AppHost and tests/Bai.AppHost.Tests (with the real workers) against the Aspire
# packages the registry here serves: 13.6.x, since the pinned 13.5.2 is not served. It builds a copy of
# the repository in a temporary folder with the SDK version rewritten; it runs nothing (no container
# engine here). Usage: bash Bai.AppHost/compile-check.sh
set -euo pipefail

sdk_version="${ASPIRE_SDK_CHECK_VERSION:-13.6.4}"    # the newest Aspire.AppHost.Sdk served
package_version="${ASPIRE_CHECK_VERSION:-13.6.5}"    # the newest Aspire.Hosting.* served

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! grep -q 'Include="Aspire.Hosting.PostgreSQL"' "$repo/Directory.Packages.props"; then
    echo "Directory.Packages.props needs PackageVersion lines for Aspire.Hosting.PostgreSQL and Aspire.Hosting.Testing." >&2
    exit 2
fi

# Not the tools' state, the benchmark's generated files, published builds or test results (all gitignored): after
# a walkthrough they are hundreds of MB, and a running embedded server's data changes under tar, which then fails.
tar -C "$repo" --exclude=bin --exclude=obj --exclude=.git --exclude=.bai --exclude=./bench/.cache --exclude=./out \
    --exclude=TestResults -cf - . | tar -C "$work" -xf -
sed -i "s|Aspire.AppHost.Sdk/[0-9][0-9.]*|Aspire.AppHost.Sdk/$sdk_version|" "$work/Bai.AppHost/Bai.AppHost.csproj"

# NU1603 only: the served 13.6.4 SDK asks for 13.6.4 packages and is given 13.6.5, and a few
# dependencies resolve to the nearest served version. Every other warning stays an error.
dotnet build "$work/tests/Bai.AppHost.Tests/Bai.AppHost.Tests.csproj" \
    -p:AspireVersion="$package_version" -p:WarningsNotAsErrors=NU1603
