# MoveCenter as a production site runs it: the web host, on SQL Server (see docker-compose.yml).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish web/MoveCenter.Web/MoveCenter.Web.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
RUN mkdir -p /data && chown app:app /data
USER app
ENV MoveCenter__DataDirectory=/data \
    Urls=http://0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "MoveCenter.Web.dll"]
