# One image for both roles; ROLE (api, worker or all) picks what the process runs.
FROM node:20-slim

WORKDIR /app

# Dependencies first, so that a source change reuses this layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
ENV NODE_ENV=production

# Only what runs: tsx reads the path aliases from tsconfig.json.
COPY tsconfig.json ./
COPY src ./src

# Started directly: `npm start` would run scripts/setup.sh, which builds the embedded FerretDB.
EXPOSE 5000
CMD ["npx", "tsx", "src/interfaces/main.ts"]
