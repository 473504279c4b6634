# Arena silo image. Build: docker build -t arena-silo .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props Arena.Orleans.sln ./
COPY src/ src/
COPY db/ db/
RUN dotnet publish src/Silo/Arena.Silo.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV Urls=http://0.0.0.0:8080
# 8080: HTTP and WebSockets; 11111: silo-to-silo (Arena:Cluster:SiloPort).
EXPOSE 8080 11111
USER app
ENTRYPOINT ["dotnet", "Arena.Silo.dll"]
